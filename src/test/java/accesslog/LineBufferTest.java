package accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The escapes of both formats, byte by byte: what the socket tests cannot reach (bytes a parser refuses). */
class LineBufferTest {
    private static String json(int... bytes) {
        byte[] src = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            src[i] = (byte) bytes[i];
        }
        LineBuffer out = new LineBuffer(0);
        out.putJsonString(src, 0, src.length);
        return new String(out.bytes, 0, out.length, StandardCharsets.UTF_8);
    }

    @Test
    void jsonKeepsValidUtf8AndReplacesEachInvalidByte() {
        assertEquals("\"\u00e9\ud83d\ude00\"", json(0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80)); // é and an emoji kept
        assertEquals("\"\ufffd\ufffd\ufffd\"", json(0xE0, 0x80, 0x80)); // overlong
        assertEquals("\"\ufffd\ufffd\ufffd\"", json(0xED, 0xA0, 0x80)); // a surrogate
        assertEquals("\"\ufffd\ufffd\ufffd\ufffd\"", json(0xF4, 0x90, 0x80, 0x80)); // above U+10FFFF
        assertEquals("\"a\ufffd\"", json('a', 0xC3)); // cut short at the end
        assertEquals("\"\ufffdA\"", json(0xC3, 'A')); // a lead byte without its continuation
        assertEquals("\"\ufffd\ufffd\"", json(0xC0, 0xAF)); // C0 is never valid
    }

    @Test
    void jsonEscapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"\\\"\\\\\\u0000\\u001F\\u007F ~\"", json('"', '\\', 0x00, 0x1F, 0x7F, ' ', '~'));
    }

    @Test
    void combinedEscapesAsNginx() {
        byte[] src = {'"', '\\', 0x00, 0x1F, 0x7F, (byte) 0x80, (byte) 0xFF, ' ', '~'};
        LineBuffer out = new LineBuffer(0);
        out.putNginxEscaped(src, 0, src.length);
        assertEquals("\\x22\\x5C\\x00\\x1F\\x7F\\x80\\xFF ~", new String(out.bytes, 0, out.length, StandardCharsets.US_ASCII));
    }

    @Test
    void numbersAndSeconds() {
        LineBuffer out = new LineBuffer(0);
        out.put(0L).put(' ').put(-42L).put(' ').put(Long.MIN_VALUE).put(' ').putSeconds(203_999_999L).put(' ')
                .putSeconds(12_345_000_000L).put(' ').putSeconds(-1);
        assertEquals("0 -42 -9223372036854775808 0.203 12.345 0.000",
                new String(out.bytes, 0, out.length, StandardCharsets.US_ASCII));
    }
}
