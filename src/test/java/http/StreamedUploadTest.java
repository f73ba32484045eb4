package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * A 1 GiB upload read with {@link Request#bodyStream()} by a blocking handler passes (chunked and with a
 * Content-Length) while the process's resident memory grows by less than 64 MiB: the body is never held
 * whole, only as much as the input buffer holds. The client runs in this process too and sends from one
 * reused 64 KiB array. Bounded in time by the sockets' 10 s timeouts and the body timeout.
 */
class StreamedUploadTest {
    private static final long SIZE = 1L << 30;
    private static final long RSS_GROWTH_BOUND = 64L << 20;

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static final Handler COUNTER = Blocking.of((req, res) -> {
        InputStream in = req.bodyStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
        }
        res.body(Long.toString(total));
    });

    @ParameterizedTest
    @MethodSource("backends")
    void aGibibyteWithContentLength(IoMode io) throws Exception {
        upload(io, false);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aGibibyteChunked(IoMode io) throws Exception {
        upload(io, true);
    }

    private static void upload(IoMode io, boolean chunked) throws Exception {
        Limits limits = new Limits(Limits.DEFAULT.maxRequestLine(), Limits.DEFAULT.maxHeaderBytes(),
                Limits.DEFAULT.maxHeaders(), 2 * SIZE);
        try (TestServer server = TestServer.start(io, COUNTER, o -> o.limits(limits)); RawClient c = server.connect()) {
            System.gc();
            long before = rss();
            long start = System.nanoTime();
            c.send("POST /upload HTTP/1.1\r\nHost: t\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + SIZE + "\r\n\r\n"));
            byte[] block = new byte[64 * 1024];
            byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = {'\r', '\n'};
            OutputStream out = c.socket.getOutputStream();
            for (long sent = 0; sent < SIZE; sent += block.length) {
                if (chunked) {
                    out.write(chunkHead);
                    out.write(block);
                    out.write(crlf);
                } else {
                    out.write(block);
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            RawClient.Response r = c.read();
            long after = rss();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s %s: 1 GiB in %d ms; RSS %d -> %d MiB%n", io, chunked ? "chunked" : "fixed",
                    millis, before >> 20, after >> 20);
            assertEquals(200, r.status());
            assertEquals(Long.toString(SIZE), r.text());
            assertTrue(after - before < RSS_GROWTH_BOUND, "RSS grew by " + ((after - before) >> 20) + " MiB");
        }
    }

    /** VmRSS of this process, in bytes. */
    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
