package http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Requests parsed from text, without a socket: for tests of code above http (the router). */
public final class ParsedRequests {
    private ParsedRequests() {
    }

    /** Parses one complete request head, e.g. {@code "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"}. */
    public static Request of(String head) {
        Request request = new Request(Limits.DEFAULT.maxHeaders());
        RequestParser parser = new RequestParser(Limits.DEFAULT);
        int result = parser.parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)), request);
        if (result <= 0) {
            throw new IllegalArgumentException("not a complete, valid head (" + result + "): " + head);
        }
        int status = Framing.analyze(request, Limits.DEFAULT);
        if (status != 0) {
            throw new IllegalArgumentException("refused with " + status + ": " + head);
        }
        return request;
    }

    /** {@code METHOD target HTTP/1.1} with a Host and the extra header lines given (each ending in CRLF). */
    public static Request of(String method, String target, String headers) {
        return of(method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n");
    }
}
