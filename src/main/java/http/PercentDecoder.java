package http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Percent-decoding (RFC 3986 section 2.1) of bytes in a buffer into a UTF-8 string. */
final class PercentDecoder {
    private PercentDecoder() {
    }

    /**
     * Decodes {@code src[from, to)}; with {@code plusIsSpace} (form data) a {@code +} is a space.
     *
     * @return the text, or null when a {@code %} is not followed by two hex digits
     */
    static String decode(ByteBuffer src, int from, int to, boolean plusIsSpace) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = src.get(i);
            if (b == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = hex(src.get(i + 1));
                int lo = hex(src.get(i + 2));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                b = (byte) (hi << 4 | lo);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                b = ' ';
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The value of a hex digit, or -1. */
    static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
