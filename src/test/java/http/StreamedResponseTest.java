package http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** Streamed response bodies (Response.body(source, length)) over real sockets, on every backend. */
class StreamedResponseTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    /** Serves the source the test put in {@code next}; other paths answer "ok". */
    private static Handler serving(AtomicReference<CountingSource> next, long declared) {
        return (request, response) -> {
            if (request.path().startsWith("/stream")) {
                response.contentType(ContentType.OCTET_STREAM).body(next.get(), declared);
            } else {
                response.body("ok");
            }
        };
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unknownLengthGoesChunkedToARawClient(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(300_000));
        try (TestServer server = TestServer.start(io, serving(source, -1), o -> { });
             Reader c = new Reader(server.port(), -1)) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            Reader.Result r = c.readResponse(false);
            assertEquals(200, r.status);
            assertEquals("chunked", r.headers.get("transfer-encoding"));
            assertNull(r.headers.get("content-length"));
            assertEquals(300_000, r.length);
            assertEquals(CountingSource.crcOf(300_000), r.crc);
            assertEquals(1, source.get().closes.get(), "the source is closed once when the body ends");
            c.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("ok", new String(c.readResponse(false).body, StandardCharsets.UTF_8), "kept alive");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedRequestsWaitUntilTheStreamEnds(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(2_000_000));
        try (TestServer server = TestServer.start(io, serving(source, -1), o -> { });
             Reader c = new Reader(server.port(), -1)) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\nGET /a HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /b HTTP/1.1\r\nHost: t\r\n\r\n");
            Reader.Result r = c.readResponse(false);
            assertEquals(2_000_000, r.length);
            assertEquals(CountingSource.crcOf(2_000_000), r.crc);
            assertEquals("ok", new String(c.readResponse(false).body, StandardCharsets.UTF_8));
            assertEquals("ok", new String(c.readResponse(false).body, StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unknownLengthIsReadBackByHttpClient(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>();
        try (TestServer server = TestServer.start(io, serving(source, -1), o -> { });
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int size : new int[] {0, 1, 70_000, 1_000_000}) {
                source.set(new CountingSource(size));
                HttpResponse<byte[]> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stream"))
                                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode());
                assertArrayEquals(CountingSource.bytes(size), response.body(), "body of " + size);
                assertEquals(1, source.get().closes.get());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anInputStreamIsStreamedAndClosed(IoMode io) throws Exception {
        byte[] data = CountingSource.bytes(200_000);
        AtomicReference<Boolean> closed = new AtomicReference<>(false);
        Handler handler = (request, response) -> response.body(new ByteArrayInputStream(data) {
            @Override
            public void close() {
                closed.set(true);
            }
        }, data.length);
        try (TestServer server = TestServer.start(io, handler, o -> { }); RawClient c = server.connect()) {
            RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertArrayEquals(data, r.body());
            Await.until("the stream to be closed", closed::get);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void http10UnknownLengthIsCloseDelimited(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(100_000));
        try (TestServer server = TestServer.start(io, serving(source, -1), o -> { });
             Reader c = new Reader(server.port(), -1)) {
            c.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Reader.Result r = c.readResponse(false);
            assertEquals("close", r.headers.get("connection"));
            assertNull(r.headers.get("transfer-encoding"));
            assertNull(r.headers.get("content-length"));
            assertEquals(100_000, r.length, "the body ends where the connection does");
            assertEquals(CountingSource.crcOf(100_000), r.crc);
            assertEquals(1, source.get().closes.get());
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSourceShorterThanItsLengthClosesTheConnection(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(50_000));
        try (TestServer server = TestServer.start(io, serving(source, 80_000), o -> { });
             RawClient c = server.connect()) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            byte[] all = c.readToEnd(); // ends: the server closed
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 ") && text.contains("Content-Length: 80000\r\n"), text.substring(0, 200));
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            assertEquals(50_000, all.length - bodyStart, "what the source had, then the close");
            assertEquals(1, source.get().closes.get());
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSourceLongerThanItsLengthSendsOnlyTheLength(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(1_000_000));
        try (TestServer server = TestServer.start(io, serving(source, 100_000), o -> { });
             RawClient c = server.connect()) {
            RawClient.Response r = c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertArrayEquals(CountingSource.bytes(100_000), r.body());
            assertEquals("ok", c.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n").read().text(), "framing kept");
            assertEquals(100_000, source.get().pulled.get(), "not a byte more read");
            assertEquals(1, source.get().closes.get());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headAnd204DoNotPullTheSource(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(10_000));
        Handler handler = (request, response) -> {
            response.body(source.get(), request.path().equals("/unknown") ? -1 : 10_000);
            if (request.path().equals("/204")) {
                response.status(204);
            }
        };
        try (TestServer server = TestServer.start(io, handler, o -> { }); RawClient c = server.connect()) {
            RawClient.Response r = c.send("HEAD /known HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals("10000", r.header("content-length"));
            assertEquals(0, source.get().pulled.get());
            assertEquals(1, source.get().closes.get());
            source.set(new CountingSource(10_000));
            r = c.send("HEAD /unknown HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals("chunked", r.header("transfer-encoding"));
            assertEquals(0, source.get().pulled.get());
            assertEquals(1, source.get().closes.get());
            source.set(new CountingSource(10_000));
            r = c.send("GET /204 HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(204, r.status());
            assertNull(r.header("content-length"));
            assertEquals(0, source.get().pulled.get());
            assertEquals(1, source.get().closes.get());
            source.set(new CountingSource(10_000));
            assertEquals(10_000, c.send("GET /known HTTP/1.1\r\nHost: t\r\n\r\n").read().body().length, "still in step");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSourceThatThrowsClosesTheConnection(IoMode io) throws Exception {
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(1_000_000, 40_000));
        try (TestServer server = TestServer.start(io, serving(source, -1), o -> { });
             RawClient c = server.connect()) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            byte[] all = c.readToEnd();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("Transfer-Encoding: chunked"));
            assertTrue(!text.endsWith("0\r\n\r\n"), "no last chunk: the client sees a cut body");
            assertEquals(1, source.get().closes.get());
            server.awaitNoConnections();
        }
    }

    /**
     * Backpressure: a client that does not read a 64 MiB body; the server pulls no more than the output
     * bound and one buffer beyond what the sockets hold; then the client reads it all, intact.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatDoesNotReadStopsThePull(IoMode io) throws Exception {
        long size = 64L << 20;
        int bound = 256 * 1024;
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(size));
        try (TestServer server = TestServer.start(io, serving(source, size), o -> o.outputBound(bound));
             Reader c = new Reader(server.port(), 64 * 1024)) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            long settled = awaitSettled(source.get());
            long socketsHold = sendBufferMax() + 2L * c.socket.getReceiveBufferSize();
            long allowed = bound + server.server.fullBuffers().bufferSize() + socketsHold;
            assertTrue(settled <= allowed, "pulled " + settled + " bytes with the client not reading; allowed "
                    + allowed + " (bound + one buffer + what the sockets hold)");
            Reader.Result r = c.readResponse(false);
            assertEquals(size, r.length);
            assertEquals(CountingSource.crcOf(size), r.crc);
            assertEquals(1, source.get().closes.get());
        }
    }

    /** A client that never reads is closed at the write timeout, and the source with it. */
    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatNeverReadsIsClosedAtTheWriteTimeoutWithItsSource(IoMode io) throws Exception {
        Duration second = Duration.ofSeconds(1);
        AtomicReference<CountingSource> source = new AtomicReference<>(new CountingSource(1L << 30));
        try (TestServer server = TestServer.start(io, serving(source, -1),
                o -> o.timeouts(new Timeouts(second, second, second, second)));
             Reader c = new Reader(server.port(), 64 * 1024)) {
            c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
            Await.until("the stream to start", () -> source.get().pulled.get() > 0);
            long start = System.nanoTime();
            server.awaitNoConnections();
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(800), "not before the timeout");
            assertEquals(1, source.get().closes.get(), "closed with the connection");
            assertTrue(source.get().pulled.get() < (64L << 20), "pulled " + source.get().pulled.get());
        }
    }

    /**
     * A non-blocking source with nothing to give is asked again at each write event, but the write deadline
     * does not move without progress: the connection ends at the write timeout instead of being asked forever.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aSourceThatNeverHasBytesEndsAtTheWriteTimeout(IoMode io) throws Exception {
        Duration second = Duration.ofSeconds(1);
        java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
        ReadableByteChannel empty = new ReadableByteChannel() {
            @Override
            public int read(java.nio.ByteBuffer dst) {
                return 0; // nothing yet, never anything
            }

            @Override
            public boolean isOpen() {
                return closes.get() == 0;
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        try (TestServer server = TestServer.start(io, (request, response) -> response.body(empty, -1),
                o -> o.timeouts(new Timeouts(second, second, second, second)));
             RawClient c = server.connect()) {
            assertEquals(200, c.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n").read(true).status()); // the head
            server.awaitNoConnections(); // before: the deadline moved at every event and it never closed
            assertEquals(1, closes.get(), "the source is closed with the connection");
        }
    }

    /** Waits (bounded) until the source has been pulled and then nothing more for 300 ms. */
    private static long awaitSettled(CountingSource source) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = source.pulled.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(300)) {
                return now;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return source.pulled.get();
    }

    /** The most the kernel lets a TCP send buffer grow to (tcp_wmem's maximum); 4 MiB if unknown. */
    private static long sendBufferMax() {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem")).trim().split("\\s+");
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return 4L << 20;
        }
    }

    /** A client that reads one response by whatever framing it has, checksumming the body as it goes. */
    static final class Reader implements AutoCloseable {
        final Socket socket;
        private final InputStream in;

        Reader(int port, int receiveBuffer) throws IOException {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), RawClient.TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        record Result(int status, Map<String, String> headers, long length, long crc, byte[] body) {
        }

        Result readResponse(boolean head) throws IOException {
            String status = line();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            CRC32 crc = new CRC32();
            java.io.ByteArrayOutputStream small = new java.io.ByteArrayOutputStream();
            long length = 0;
            byte[] buf = new byte[64 * 1024];
            if (head) {
                // no body
            } else if ("chunked".equals(headers.get("transfer-encoding"))) {
                while (true) {
                    int size = Integer.parseInt(line().trim(), 16);
                    if (size == 0) {
                        assertEquals("", line(), "the last chunk ends with an empty trailer section");
                        break;
                    }
                    length += copy(size, buf, crc, small);
                    assertEquals("", line(), "a chunk's data ends with CRLF");
                }
            } else if (headers.containsKey("content-length")) {
                long n = Long.parseLong(headers.get("content-length"));
                length = copy(n, buf, crc, small);
                assertEquals(n, length, "body cut short");
            } else {
                length = copy(Long.MAX_VALUE, buf, crc, small);
            }
            return new Result(Integer.parseInt(status.split(" ")[1]), headers, length, crc.getValue(),
                    small.toByteArray());
        }

        private long copy(long n, byte[] buf, CRC32 crc, java.io.ByteArrayOutputStream small) throws IOException {
            long done = 0;
            while (done < n) {
                int r;
                try {
                    r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
                } catch (SocketException reset) {
                    r = -1;
                }
                if (r < 0) {
                    break;
                }
                crc.update(buf, 0, r);
                if (small.size() < 4096) {
                    small.write(buf, 0, Math.min(r, 4096 - small.size()));
                }
                done += r;
            }
            return done;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            if (b == -1 && sb.isEmpty()) {
                throw new IOException("connection closed");
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
