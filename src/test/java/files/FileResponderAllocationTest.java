package files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.Handler;
import platform.IoMode;
import support.Backends;
import support.ServerThreads;
import support.TestServer;

/**
 * A plain keep-alive GET of a cached file (no conditional, range or encoding field) allocates nothing in
 * FileResponder, nor in the file body's way out: the server's threads allocate at most 8 bytes per request
 * over 20,000 requests, after a warm-up that lets the JIT compile the path.
 */
class FileResponderAllocationTest {
    private static final int REQUESTS = 20_000;
    private static final long MAX_BYTES_PER_REQUEST = 8;
    private static final byte[] REQUEST = "GET /one.txt HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = TestSite.randomBytes(1024, 7);

    @TempDir
    Path dir;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aPlainGetOfACachedFileAllocatesNothing(IoMode io) throws Exception {
        TestSite.write(dir, "one.txt", CONTENT, Instant.parse("2026-01-02T03:04:05Z"));
        AtomicReference<FileEntry> cache = new AtomicReference<>();
        Handler handler = (request, response) -> {
            FileEntry entry = cache.get();
            if (entry == null) {
                entry = TestSite.entry(request, dir.resolve("one.txt"));
                cache.set(entry);
            }
            FileResponder.respond(request, response, entry);
        };
        try (TestServer server = TestServer.start(io, handler, options -> { }); Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] response = new byte[firstResponseLength(in, out)];
            for (int round = 0; round < 5; round++) {
                exchange(in, out, response, REQUESTS); // warm-up: interpreter and C1 allocate; C2 must not
            }
            long before = ServerThreads.allocatedBytes();
            exchange(in, out, response, REQUESTS);
            double perRequest = (double) (ServerThreads.allocatedBytes() - before) / REQUESTS;
            System.out.printf("%s, a cached 1 KiB file: server allocated %.1f bytes per request%n", io, perRequest);
            assertTrue(perRequest <= MAX_BYTES_PER_REQUEST, perRequest + " bytes per request");
            assertArrayEquals(CONTENT, Arrays.copyOfRange(response, response.length - CONTENT.length, response.length));
        } finally {
            TestSite.close(cache.get());
        }
        TestSite.awaitAllClosed(dir);
    }

    /** The length of the whole response (the same for every request: the Date is always 29 characters). */
    private static int firstResponseLength(InputStream in, OutputStream out) throws IOException {
        out.write(REQUEST);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
        }
        assertTrue(in.readNBytes(CONTENT.length).length == CONTENT.length);
        return head.size() + CONTENT.length;
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
