package accesslog;

/**
 * nginx's {@code combined} plus {@code $request_time}:
 * {@code 127.0.0.1 - - [01/Dec/2026:22:55:27 +0000] "GET /a?b HTTP/1.1" 200 13 "-" "curl/8.5.0" 0.001}.
 * Absent values are {@code -}; a body length not known ahead (chunked) is {@code -}; a request the server
 * could not read is {@code "-"}. Quoted values are escaped as nginx does ({@code \xHH}).
 */
final class CombinedFormat implements LineFormat {
    private final LogTimes times;
    private final RemoteAddresses addresses;

    CombinedFormat(LogTimes times, RemoteAddresses addresses) {
        this.times = times;
        this.addresses = addresses;
    }

    @Override
    public void format(LogSlot slot, LineBuffer out) {
        addresses.put(slot.remote, out);
        out.put(" - - [");
        times.putLocal(slot.epochMillis, out);
        out.put("] \"");
        byte[] b = slot.bytes;
        if (slot.headComplete) {
            out.putNginxEscaped(b, LogSlot.METHOD_AT, slot.methodLength).put(' ')
                    .putNginxEscaped(b, LogSlot.TARGET_AT, slot.targetLength).put(' ').put(slot.protocol);
        } else {
            out.put('-');
        }
        out.put("\" ").put(slot.status).put(' ');
        if (slot.bodyBytes < 0) {
            out.put('-');
        } else {
            out.put(slot.bodyBytes);
        }
        out.put(" \"");
        quoted(slot, b, LogSlot.REFERER_AT, slot.refererLength, out);
        out.put("\" \"");
        quoted(slot, b, LogSlot.AGENT_AT, slot.agentLength, out);
        out.put("\" ").putSeconds(slot.durationNanos).put('\n');
    }

    private static void quoted(LogSlot slot, byte[] b, int at, int length, LineBuffer out) {
        if (!slot.headComplete || length < 0) {
            out.put('-');
        } else {
            out.putNginxEscaped(b, at, length);
        }
    }
}
