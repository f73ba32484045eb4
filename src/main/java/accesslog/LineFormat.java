package accesslog;

/** Turns one slot's raw fields into one line, ending with a newline. Writer thread only. */
interface LineFormat {
    void format(LogSlot slot, LineBuffer out);

    static LineFormat of(AccessLogFormat format, LogTimes times, RemoteAddresses addresses) {
        return switch (format) {
            case COMBINED -> new CombinedFormat(times, addresses);
            case JSON -> new JsonFormat(times, addresses);
        };
    }
}
