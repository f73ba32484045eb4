package http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.Chunked;
import support.RawClient;
import support.TestServer;

/** Blocking handlers on virtual threads over real sockets: streamed bodies both ways, permits, 100-continue. */
class BlockingHandlerTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** Reads the body as it comes and answers it upper-cased through the output stream; the connection goes on. */
    @ParameterizedTest
    @MethodSource("backends")
    void aBlockingHandlerStreamsBothBodiesAndTheConnectionGoesOn(IoMode io) throws Exception {
        Handler upper = Blocking.of((req, res) -> {
            byte[] body = req.bodyStream().readAllBytes();
            OutputStream out = res.contentType("text/plain").outputStream();
            String text = new String(body, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("!".getBytes(StandardCharsets.US_ASCII));
        });
        try (TestServer server = TestServer.start(io, upper, o -> { }); RawClient c = server.connect()) {
            c.send("POST /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            c.send("6\r\n world\r\n0\r\n\r\n"
                    + "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nbee");
            InputStream in = new BufferedInputStream(c.socket.getInputStream());
            Map<String, String> head = Chunked.head(in);
            assertEquals("HTTP/1.1 200 OK", head.get(":status"));
            assertEquals("chunked", head.get("transfer-encoding"));
            assertNull(head.get("content-length"));
            assertEquals("HELLO WORLD!", Chunked.text(Chunked.body(in)));
            Map<String, String> second = Chunked.head(in);
            assertEquals("HTTP/1.1 200 OK", second.get(":status"), "the pipelined request is answered too");
            assertEquals("BEE!", Chunked.text(Chunked.body(in)));
        }
    }

    /** HTTP/1.0 has no chunked coding: the body ends where the connection does. */
    @ParameterizedTest
    @MethodSource("backends")
    void anHttp10StreamIsDelimitedByTheClose(IoMode io) throws Exception {
        Handler stream = Blocking.of((req, res) ->
                res.outputStream().write("to the end".getBytes(StandardCharsets.US_ASCII)));
        try (TestServer server = TestServer.start(io, stream, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            String all = new String(c.readToEnd(), StandardCharsets.ISO_8859_1);
            assertTrue(all.startsWith("HTTP/1.1 200 OK\r\n"), all);
            assertTrue(all.contains("Connection: close\r\n"), all);
            assertTrue(!all.contains("Transfer-Encoding"), all);
            assertTrue(all.endsWith("\r\n\r\nto the end"), all);
        }
    }

    /** The output stream is for blocking handlers only; elsewhere it is a handler error (500). */
    @ParameterizedTest
    @MethodSource("backends")
    void outputStreamOutsideABlockingHandlerIsRefused(IoMode io) throws Exception {
        Handler wrong = (req, res) -> res.outputStream();
        try (TestServer server = TestServer.start(io, wrong, o -> { }); RawClient c = server.connect()) {
            assertEquals(500, c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
    }

    /** With every permit taken the next blocking request gets 503 and a close at once; permits come back. */
    @ParameterizedTest
    @MethodSource("backends")
    void oneMoreThanMaxBlockingGets503(IoMode io) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        Handler hold = Blocking.of((req, res) -> {
            running.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            res.body("done");
        });
        try (TestServer server = TestServer.start(io, hold, o -> o.maxBlocking(2));
             RawClient a = server.connect(); RawClient b = server.connect(); RawClient c = server.connect()) {
            a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            b.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Await.until("two blocking handlers running", () -> running.get() == 2);
            RawClient.Response refused = c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(503, refused.status());
            assertEquals("close", refused.header("connection"));
            assertTrue(c.closedByServer());
            release.countDown();
            assertEquals("done", a.read().text());
            assertEquals("done", b.read().text());
            Await.until("permits back", () -> server.server.blockingHandlers() == 0);
            assertEquals("done", a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
        }
    }

    /** {@code Expect: 100-continue} is answered when the handler reads, not before. */
    @ParameterizedTest
    @MethodSource("backends")
    void continueGoesOutOnlyWhenTheHandlerReads(IoMode io) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        Handler reader = Blocking.of((req, res) -> {
            entered.countDown();
            read.await(10, TimeUnit.SECONDS);
            res.body(Integer.toString(req.bodyStream().readAllBytes().length));
        });
        try (TestServer server = TestServer.start(io, reader, o -> { }); RawClient c = server.connect()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the handler runs before the body is sent");
            assertEquals(0, c.socket.getInputStream().available(), "no 100 before the handler reads");
            read.countDown();
            assertEquals(100, c.read().status());
            assertEquals("5", c.send("12345").read().text());
        }
    }

    /** A handler that refuses without reading: the client never got 100, gets the answer and a close. */
    @ParameterizedTest
    @MethodSource("backends")
    void aRefusalWithoutReadingNeverSends100(IoMode io) throws Exception {
        Handler refuse = Blocking.of((req, res) -> res.status(413).body("too big"));
        try (TestServer server = TestServer.start(io, refuse, o -> { }); RawClient c = server.connect()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals(413, r.status(), "the first thing the client gets is the refusal, not a 100");
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer());
        }
    }

    /** A body larger than the max body is a 413, read as a stream too (chunked: judged as the sizes come). */
    @ParameterizedTest
    @MethodSource("backends")
    void aStreamedBodyOverTheMaxIs413(IoMode io) throws Exception {
        Handler reader = Blocking.of((req, res) -> res.body(Integer.toString(req.bodyStream().readAllBytes().length)));
        try (TestServer server = TestServer.start(io, reader, o -> o.limits(new Limits(8192, 8192, 100, 10)));
             RawClient c = server.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals(413, r.status());
        }
    }

    /** A slow reader holds the producer back: it stops at the socket buffers, then everything arrives intact. */
    @ParameterizedTest
    @MethodSource("backends")
    void theOutputStreamWaitsForASlowReader(IoMode io) throws Exception {
        int total = 32 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        Handler producer = Blocking.of((req, res) -> {
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) i;
            }
            OutputStream out = res.outputStream();
            for (int sent = 0; sent < total; sent += block.length) {
                out.write(block);
                written.addAndGet(block.length);
            }
        });
        try (TestServer server = TestServer.start(io, producer, o -> { });
             RawClient c = new RawClient(server.port(), 4096)) {
            c.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
            Await.until("the producer to start", () -> written.get() > 0);
            Await.stalled("the producer to stall", written::get);
            assertTrue(written.get() < 16L * 1024 * 1024, "stalled after " + written.get() + " of " + total);
            InputStream in = new BufferedInputStream(c.socket.getInputStream(), 64 * 1024);
            assertEquals("HTTP/1.1 200 OK", Chunked.head(in).get(":status"));
            long received = 0;
            byte[] data;
            while ((data = Chunked.chunk(in)) != null) {
                for (int i = 0; i < data.length; i++) {
                    if (data[i] != (byte) (received + i)) {
                        throw new AssertionError("wrong byte at " + (received + i));
                    }
                }
                received += data.length;
            }
            assertEquals(total, received);
            assertEquals(total, written.get());
        }
    }

    /** body() in a blocking handler reads the whole body (buffered, bounded), as a non-blocking handler gets it. */
    @ParameterizedTest
    @MethodSource("backends")
    void bodyInABlockingHandlerReadsItWhole(IoMode io) throws Exception {
        Handler echo = Blocking.of((req, res) -> res.body(req.bodyBytes()));
        try (TestServer server = TestServer.start(io, echo, o -> { }); RawClient c = server.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), c.read().body());
            Await.until("the body's budget back", () -> server.server.bufferedBodyBytes() == 0);
        }
    }

    /**
     * Stopping the server ends blocking handlers whether they wait for the socket (a flood to a client that does
     * not read: its wait returns "closed") or not (a ticker between two writes: its next write fails); their
     * connections close and nothing is left open.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void stoppingTheServerEndsBlockingHandlersWaitingOrNot(IoMode io) throws Exception {
        AtomicInteger ended = new AtomicInteger();
        AtomicLong flooded = new AtomicLong();
        Handler flood = Blocking.of((req, res) -> {
            try {
                OutputStream out = res.outputStream();
                byte[] block = new byte[64 * 1024];
                for (int i = 0; i < 100_000; i++) { // bounded: 6 GiB, far more than a client that never reads takes
                    out.write(block);
                    flooded.addAndGet(block.length);
                }
            } finally {
                ended.incrementAndGet();
            }
        });
        Handler tick = Blocking.of((req, res) -> {
            try {
                OutputStream out = res.outputStream();
                for (int i = 0; i < 1000; i++) { // bounded: 50 s
                    out.write('.');
                    out.flush();
                    Thread.sleep(50);
                }
            } finally {
                ended.incrementAndGet();
            }
        });
        Handler app = new Handler() {
            @Override
            public Handler select(Request head) {
                return head.target().equals("/flood") ? flood : tick;
            }

            @Override
            public void handle(Request request, Response response) {
            }
        };
        TestServer server = TestServer.start(io, app, o -> o.shutdownTimeout(java.time.Duration.ofMillis(300)));
        try (RawClient stalled = new RawClient(server.port(), 4096); RawClient reader = server.connect()) {
            stalled.send("GET /flood HTTP/1.1\r\nHost: t\r\n\r\n");
            reader.send("GET /tick HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("HTTP/1.1 200 OK", Chunked.head(new BufferedInputStream(reader.socket.getInputStream()))
                    .get(":status"));
            Await.until("the flood to start", () -> flooded.get() > 0);
            server.close();
            Await.until("both handlers to end", () -> ended.get() == 2);
            Await.until("their connections to close", () -> server.server.connections() == 0);
            assertEquals(0, server.server.blockingHandlers());
        } finally {
            server.close();
        }
    }

    /** A small body the handler left unread is skipped and the connection goes on; a large one closes it. */
    @ParameterizedTest
    @MethodSource("backends")
    void anUnreadBodyIsSkippedIfSmallElseTheConnectionCloses(IoMode io) throws Exception {
        Handler ignore = Blocking.of((req, res) -> res.body("ignored"));
        try (TestServer server = TestServer.start(io, ignore, o -> { }); RawClient c = server.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789"
                    + "GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response first = c.read();
            assertEquals("ignored", first.text());
            assertNull(first.header("connection"));
            assertEquals("ignored", c.read().text(), "the pipelined request after the skipped body");
        }
        try (TestServer server = TestServer.start(io, ignore, o -> { }); RawClient c = server.connect()) {
            int size = 4 * 1024 * 1024;
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n");
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    c.send(new byte[size]);
                } catch (java.io.IOException closedByServer) {
                    // expected: the server closes after its answer, perhaps before all was sent
                }
            });
            RawClient.Response r = c.read();
            assertEquals("ignored", r.text());
            assertEquals("close", r.header("connection"));
            sender.join(10_000);
        }
    }
}
