package files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * A file that grows while it is sent (a log being appended to): the response carries exactly the
 * Content-Length it announced, the bytes the file had when the request was answered, nothing after them, and
 * the connection goes on to the next request. With the open-file cache on and off, on every backend.
 */
class GrowingFileTest {
    private static final int LENGTH = 8 << 20;
    private static final int READ_FIRST = 256 * 1024;
    private static final int GROWTH = 2 << 20;

    @TempDir
    Path root;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void exactlyTheAnnouncedLengthArrivesAndTheConnectionGoesOn(IoMode io) throws Exception {
        byte[] original = TestSite.randomBytes(LENGTH, 23);
        Files.writeString(root.resolve("next.txt"), "answered next\n");
        for (int cache : new int[] {0, 16}) {
            Path log = Files.write(root.resolve("grow-" + cache + ".log"), original);
            try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withOpenFileCache(cache));
                 TestServer server = TestServer.start(io, files, o -> { }); Socket s = new Socket()) {
                s.setReceiveBufferSize(16 * 1024); // a slow reader: the server cannot finish before we read
                s.setSoTimeout(RawClient.TIMEOUT_MILLIS);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), RawClient.TIMEOUT_MILLIS);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream());
                out.write(("GET /" + log.getFileName() + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
                assertTrue(head.contains("\r\nContent-Length: " + LENGTH + "\r\n"), head);
                byte[] first = in.readNBytes(READ_FIRST);
                assertArrayEquals(Arrays.copyOf(original, READ_FIRST), first);

                try (FileChannel append = FileChannel.open(log, StandardOpenOption.APPEND)) {
                    byte[] more = new byte[GROWTH];
                    Arrays.fill(more, (byte) '!');
                    append.write(ByteBuffer.wrap(more));
                }
                assertEquals(LENGTH + GROWTH, Files.size(log), "the file grew while it was sent");

                byte[] rest = in.readNBytes(LENGTH - READ_FIRST);
                assertEquals(LENGTH - READ_FIRST, rest.length, "the whole announced length arrives (cache " + cache + ")");
                assertArrayEquals(Arrays.copyOfRange(original, READ_FIRST, LENGTH), rest, "the original bytes");

                // Pipelined next request: its status line must be the very next bytes, so no extra byte came.
                out.write("GET /next.txt HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String next = readHead(in);
                assertTrue(next.startsWith("HTTP/1.1 200 "), "the next response follows the body at once: "
                        + next.substring(0, Math.min(80, next.length())));
                assertTrue(next.contains("\r\nContent-Length: 14\r\n"), next);
                assertEquals("answered next\n", new String(in.readNBytes(14), StandardCharsets.US_ASCII));
            }
        }
    }

    /** The head up to and with its blank line; bounded by the socket timeout and a size cap. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            if (head.size() > 16 * 1024) {
                throw new IOException("no end of a head in 16 KiB: extra bytes? " + head.toString(StandardCharsets.ISO_8859_1).substring(0, 80));
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
