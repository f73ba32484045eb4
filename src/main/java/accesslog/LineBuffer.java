package accesslog;

/**
 * The writer's batch of formatted lines: appends text, numbers and escaped bytes to one array, allocating
 * nothing. The caller keeps {@link #MAX_LINE} free before each line.
 */
final class LineBuffer {
    /** Room one line needs at most: every copied byte escaped to 6 bytes, plus the fixed parts. */
    static final int MAX_LINE = LogSlot.BYTES * 6 + 1024;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}; // U+FFFD

    final byte[] bytes;
    int length;

    LineBuffer(int capacity) {
        this.bytes = new byte[Math.max(capacity, MAX_LINE * 2)];
    }

    boolean hasRoomForLine() {
        return bytes.length - length >= MAX_LINE;
    }

    LineBuffer put(char c) {
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends an ASCII string (names, constants). */
    LineBuffer put(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    LineBuffer put(byte[] src, int from, int count) {
        System.arraycopy(src, from, bytes, length, count);
        length += count;
        return this;
    }

    LineBuffer put(long value) {
        if (value < 0) {
            bytes[length++] = '-';
            if (value == Long.MIN_VALUE) {
                return put("9223372036854775808");
            }
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    /** Appends {@code value} zero-padded to {@code width} digits. */
    LineBuffer putPadded(long value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
        return this;
    }

    /** Appends nanoseconds as seconds with millisecond resolution, e.g. {@code 0.203}. */
    LineBuffer putSeconds(long nanos) {
        long millis = Math.max(0, nanos) / 1_000_000;
        return put(millis / 1000).put('.').putPadded(millis % 1000, 3);
    }

    /**
     * Appends bytes escaped as nginx escapes log variables: {@code "}, {@code \}, control bytes and bytes
     * from 0x7F up as {@code \xHH}.
     */
    LineBuffer putNginxEscaped(byte[] src, int from, int count) {
        for (int i = from; i < from + count; i++) {
            int b = src[i] & 0xFF;
            if (b < 0x20 || b >= 0x7F || b == '"' || b == '\\') {
                bytes[length++] = '\\';
                bytes[length++] = 'x';
                bytes[length++] = HEX[b >> 4];
                bytes[length++] = HEX[b & 0xF];
            } else {
                bytes[length++] = (byte) b;
            }
        }
        return this;
    }

    /** Appends a quoted JSON string of an ASCII string (constants, route templates are escaped too). */
    LineBuffer putJsonString(String text) {
        bytes[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                putJsonAscii(c);
            } else {
                putCodePointUtf8(c);
            }
        }
        bytes[length++] = '"';
        return this;
    }

    private void putCodePointUtf8(char c) {
        if (Character.isSurrogate(c)) {
            put(REPLACEMENT, 0, 3); // rare in templates; a lone surrogate cannot be encoded anyway
        } else if (c < 0x800) {
            bytes[length++] = (byte) (0xC0 | c >> 6);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        } else {
            bytes[length++] = (byte) (0xE0 | c >> 12);
            bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
            bytes[length++] = (byte) (0x80 | c & 0x3F);
        }
    }

    /**
     * Appends bytes as a quoted JSON string: valid UTF-8 as is, {@code "} and {@code \} escaped, control
     * characters as backslash-u00XX, each byte that is not part of valid UTF-8 as U+FFFD.
     */
    LineBuffer putJsonString(byte[] src, int from, int count) {
        bytes[length++] = '"';
        int end = from + count;
        int i = from;
        while (i < end) {
            int b = src[i] & 0xFF;
            if (b < 0x80) {
                putJsonAscii((char) b);
                i++;
                continue;
            }
            int sequence = utf8Length(src, i, end);
            if (sequence == 0) {
                put(REPLACEMENT, 0, 3);
                i++;
            } else {
                put(src, i, sequence);
                i += sequence;
            }
        }
        bytes[length++] = '"';
        return this;
    }

    private void putJsonAscii(char c) {
        if (c == '"' || c == '\\') {
            bytes[length++] = '\\';
            bytes[length++] = (byte) c;
        } else if (c < 0x20 || c == 0x7F) {
            put("\\u00");
            bytes[length++] = HEX[c >> 4];
            bytes[length++] = HEX[c & 0xF];
        } else {
            bytes[length++] = (byte) c;
        }
    }

    /** The length of the valid UTF-8 sequence starting at {@code i} (lead byte >= 0x80), or 0 if invalid. */
    static int utf8Length(byte[] src, int i, int end) {
        int b = src[i] & 0xFF;
        int need;
        int low = 0x80;
        int high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0) {
                low = 0xA0; // no overlong forms
            } else if (b == 0xED) {
                high = 0x9F; // no surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0) {
                low = 0x90;
            } else if (b == 0xF4) {
                high = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + need >= end) { // cut short
            return 0;
        }
        int second = src[i + 1] & 0xFF;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k <= need; k++) {
            int next = src[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return 0;
            }
        }
        return need + 1;
    }
}
