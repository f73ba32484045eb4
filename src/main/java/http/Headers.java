package http;

import java.nio.charset.StandardCharsets;

/** Pre-encoded constant header lines and validation of the ones handlers add. */
final class Headers {
    static final byte[] CRLF = {'\r', '\n'};
    static final byte[] SERVER = bytes("Server: skep\r\n");
    static final byte[] CONTENT_LENGTH = bytes("Content-Length: ");
    static final byte[] CONNECTION_CLOSE = bytes("Connection: close\r\n");
    static final byte[] CONNECTION_KEEP_ALIVE = bytes("Connection: keep-alive\r\n");
    static final byte[] CONTINUE = bytes("HTTP/1.1 100 Continue\r\n\r\n");
    /** The whole answer when no buffer can be had (the pools are capped): pre-encoded, it needs none. */
    static final byte[] OVERLOADED_RESPONSE = bytes("HTTP/1.1 503 Service Unavailable\r\nServer: skep\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 20\r\nConnection: close\r\n\r\nService Unavailable\n");

    private Headers() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0xff || !Ascii.isToken((byte) c)) {
                throw new IllegalArgumentException("invalid character in header name: " + name);
            }
        }
    }

    static void checkValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || !Ascii.isFieldValue((byte) c)) {
                throw new IllegalArgumentException("invalid character in header value: " + value);
            }
        }
    }
}
