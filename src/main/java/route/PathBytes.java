package route;

import http.Request;

/** Reading a request's raw path in place: escapes checked and literals compared without allocating. */
final class PathBytes {
    private PathBytes() {
    }

    /** True when every {@code %} in {@code [0, length)} starts a valid escape ({@code %} and two hex digits). */
    static boolean escapesValid(Request request, int length) {
        for (int i = 0; i < length; i++) {
            if (request.rawPathByte(i) == '%') {
                if (i + 2 >= length || hex(request.rawPathByte(i + 1)) < 0 || hex(request.rawPathByte(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    /** The end of the segment starting at {@code from}: the next {@code /}, or {@code end}. */
    static int segmentEnd(Request request, int from, int end) {
        int i = from;
        while (i < end && request.rawPathByte(i) != '/') {
            i++;
        }
        return i;
    }

    /**
     * True when the raw segment {@code [from, to)}, percent-decoded, is {@code literal} (UTF-8). Escapes were
     * checked by {@link #escapesValid}; a segment without {@code %} is compared byte for byte.
     */
    static boolean segmentIs(Request request, int from, int to, byte[] literal) {
        int j = 0;
        int i = from;
        while (i < to) {
            byte b = request.rawPathByte(i);
            if (b == '%') {
                b = (byte) (hex(request.rawPathByte(i + 1)) << 4 | hex(request.rawPathByte(i + 2)));
                i += 3;
            } else {
                i++;
            }
            if (j == literal.length || literal[j++] != b) {
                return false;
            }
        }
        return j == literal.length;
    }

    private static int hex(byte b) {
        return Character.digit((char) (b & 0xFF), 16); // -1 for anything else (no Latin-1 letter is a hex digit)
    }
}
