package accesslog;

/**
 * One JSON object per line: {@code time} (ISO-8601, UTC, ms), {@code remote_addr}, {@code method},
 * {@code path} (the target as sent, with its query), {@code protocol}, {@code status}, {@code body_bytes}
 * (null when not known ahead), {@code referer}, {@code user_agent}, {@code request_time} (seconds),
 * {@code route} (the route's template). Absent values, and the request fields of a request the server could
 * not read, are null.
 */
final class JsonFormat implements LineFormat {
    private final LogTimes times;
    private final RemoteAddresses addresses;

    JsonFormat(LogTimes times, RemoteAddresses addresses) {
        this.times = times;
        this.addresses = addresses;
    }

    @Override
    public void format(LogSlot slot, LineBuffer out) {
        byte[] b = slot.bytes;
        out.put("{\"time\":\"");
        times.putIso(slot.epochMillis, out);
        out.put("\",\"remote_addr\":");
        if (slot.remote == null) {
            out.put("null");
        } else {
            byte[] address = addresses.text(slot.remote);
            out.putJsonString(address, 0, address.length);
        }
        out.put(",\"method\":");
        string(slot, b, LogSlot.METHOD_AT, slot.methodLength, out);
        out.put(",\"path\":");
        string(slot, b, LogSlot.TARGET_AT, slot.targetLength, out);
        out.put(",\"protocol\":");
        if (slot.headComplete) {
            out.putJsonString(slot.protocol);
        } else {
            out.put("null");
        }
        out.put(",\"status\":").put(slot.status).put(",\"body_bytes\":");
        if (slot.bodyBytes < 0) {
            out.put("null");
        } else {
            out.put(slot.bodyBytes);
        }
        out.put(",\"referer\":");
        string(slot, b, LogSlot.REFERER_AT, slot.refererLength, out);
        out.put(",\"user_agent\":");
        string(slot, b, LogSlot.AGENT_AT, slot.agentLength, out);
        out.put(",\"request_time\":").putSeconds(slot.durationNanos).put(",\"route\":");
        if (slot.headComplete && slot.route != null) {
            out.putJsonString(slot.route);
        } else {
            out.put("null");
        }
        out.put("}\n");
    }

    private static void string(LogSlot slot, byte[] b, int at, int length, LineBuffer out) {
        if (!slot.headComplete || length < 0) {
            out.put("null");
        } else {
            out.putJsonString(b, at, length);
        }
    }
}
