package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartRangesTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("f.txt"), content);
    }

    /** Reads the whole channel through a buffer of {@code chunk} bytes. */
    private static String readAll(MultipartRanges body, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(chunk);
        int n;
        while ((n = body.read(buffer.clear())) >= 0) {
            assertTrue(n > 0 || chunk == 0, "a read into room returns bytes or -1");
            out.write(buffer.array(), 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void thePartsAsNginxLaysThemOutWithTheExactLength() throws IOException {
        Path path = file("0123456789abcdefghij");
        String expected = "\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-2/20\r\n\r\n012"
                + "\r\n--B\r\nContent-Type: text/plain\r\nContent-Range: bytes 17-19/20\r\n\r\nhij"
                + "\r\n--B--\r\n";
        for (int chunk : new int[] {1, 2, 3, 7, 64, 8192}) {
            try (MultipartRanges body = MultipartRanges.open(path, ByteRanges.parse("bytes=0-2,-3", 20), 20,
                    "text/plain", "B")) {
                assertEquals(expected.length(), body.length());
                assertEquals("multipart/byteranges; boundary=B", body.contentType());
                assertEquals(expected, readAll(body, chunk), "chunk " + chunk);
            }
        }
    }

    @Test
    void aRandomBoundaryOfSixteenHexDigits() throws IOException {
        Path path = file("0123456789");
        try (MultipartRanges body = MultipartRanges.open(path, ByteRanges.parse("bytes=0-0,2-2", 10), 10,
                "text/plain")) {
            String type = body.contentType();
            assertTrue(type.matches("multipart/byteranges; boundary=[0-9a-f]{16}"), type);
            String boundary = type.substring(type.indexOf('=') + 1);
            String all = readAll(body, 100);
            assertEquals(body.length(), all.length());
            assertTrue(all.endsWith("\r\n--" + boundary + "--\r\n"), all);
        }
    }

    @Test
    void aFileThatShrankEndsTheBodyShort() throws IOException {
        Path path = file("0123456789abcdefghij");
        try (MultipartRanges body = MultipartRanges.open(path, ByteRanges.parse("bytes=0-2,15-19", 20), 20,
                "text/plain", "B")) {
            Files.writeString(path, "0123456789abcdef"); // 16 bytes now: the second range ends early
            String all = readAll(body, 4);
            assertTrue(all.length() < body.length(), "short: " + all.length() + " of " + body.length());
            assertTrue(all.endsWith("\r\n\r\nf"), all);
        }
    }

    @Test
    void closingClosesTheFile() throws IOException {
        Path path = file("0123456789");
        MultipartRanges body = MultipartRanges.open(path, ByteRanges.parse("bytes=0-0,2-2", 10), 10, "text/plain");
        assertTrue(body.isOpen());
        body.close();
        assertFalse(body.isOpen());
        assertThrows(ClosedChannelException.class, () -> body.read(ByteBuffer.allocate(10)));
    }
}
