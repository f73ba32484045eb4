package files;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.ServerThreads;
import support.TestServer;

/**
 * A cached file is served without allocating: over 10,000 keep-alive GETs of one file, the server's threads
 * allocate at most 8 bytes per request (the once-a-second revalidation included), after a warm-up.
 */
class StaticFilesAllocationTest {
    private static final int REQUESTS = 10_000;
    private static final long MAX_BYTES_PER_REQUEST = 8;
    private static final byte[] REQUEST = "GET /a/page.html HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aCacheHitAllocatesNothingOnTheServer(IoMode io, @TempDir Path root) throws Exception {
        Files.createDirectory(root.resolve("a"));
        Files.writeString(root.resolve("a").resolve("page.html"), "<p>" + "x".repeat(1000) + "</p>");
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withCacheControl("max-age=60"));
             TestServer server = TestServer.start(io, files, o -> { }); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            byte[] response = new byte[firstResponseLength(in)];
            for (int round = 0; round < 4; round++) {
                exchange(in, out, response, REQUESTS); // warm-up: interpreter and C1 allocate; C2 must not
            }
            long before = ServerThreads.allocatedBytes();
            exchange(in, out, response, REQUESTS);
            long allocated = ServerThreads.allocatedBytes() - before;
            double perRequest = (double) allocated / REQUESTS;
            System.out.printf("%s, static file: server allocated %.1f bytes per request%n", io, perRequest);
            assertTrue(perRequest <= MAX_BYTES_PER_REQUEST,
                    "server allocated " + allocated + " bytes for " + REQUESTS + " requests: " + perRequest + " per request");
            assertTrue(new String(response, StandardCharsets.ISO_8859_1).endsWith("x</p>"));
        }
    }

    /** Reads the first response whole (head, then Content-Length bytes) and returns its length. */
    private static int firstResponseLength(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(text.substring(at, text.indexOf("\r\n", at)));
        in.readNBytes(length);
        return head.size() + length;
    }

    private static void exchange(InputStream in, OutputStream out, byte[] response, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            out.write(REQUEST);
            if (in.readNBytes(response, 0, response.length) != response.length) {
                throw new IOException("short response");
            }
        }
    }

}
