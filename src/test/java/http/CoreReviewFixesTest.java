package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * The review of issue 14's core change, over real sockets on every backend: what a {@link ResponseListener}
 * is shown (the right request, or none), a listener that throws, a streamed blocking response while
 * draining, and a stop at the connection limit.
 */
class CoreReviewFixesTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    /** One call of the listener, copied out while the request may be read. */
    record Seen(int status, boolean headComplete, String method, String target) {
    }

    private static final class Recorder implements ResponseListener {
        final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

        @Override
        public void responded(int shard, Request request, int status, long bodyBytes, long startNanos,
                              long endNanos) {
            boolean complete = request.headComplete();
            seen.add(new Seen(status, complete, complete ? request.method() : null,
                    complete ? request.target() : null));
        }

        Seen withStatus(int status) {
            Await.until("the listener to see a " + status, () -> seen.stream().anyMatch(s -> s.status() == status));
            return seen.stream().filter(s -> s.status() == status).findFirst().orElseThrow();
        }
    }

    /** Limits whose head is 4 MiB: the output buffer is then 8 MiB (twice the head), more than a socket takes. */
    private static final Limits BIG_HEADS = new Limits(8 * 1024, 4 * 1024 * 1024, 100, 1024);
    private static final int OUTPUT_CAPACITY = 8 * 1024 * 1024;

    /**
     * A request that parses and then fails (its handler throws) while the output buffer is full and the socket
     * cannot take it (a slow reader): its error waits for room, and the listener must still be shown that
     * request, not bytes another connection read meanwhile into the pooled input buffers.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void anErrorThatWaitsForRoomReportsItsOwnRequest(IoMode io) throws Exception {
        Recorder recorder = new Recorder();
        AtomicInteger fillLength = new AtomicInteger(100);
        AtomicBoolean failed = new AtomicBoolean();
        Handler app = (request, response) -> {
            switch (request.path()) {
                case "/fill" -> response.body(new byte[fillLength.get()]);
                case "/boom" -> {
                    failed.set(true);
                    throw new IllegalStateException("test: the handler fails");
                }
                default -> response.body("other");
            }
        };
        try (TestServer t = TestServer.start(io, app, o -> o.responseListener(recorder).limits(BIG_HEADS)
                .maxBufferMemory(256L * 1024 * 1024))) {
            int headOf100;
            try (RawClient probe = t.connect()) {
                headOf100 = headLength(probe.send("GET /fill HTTP/1.1\r\nHost: t\r\n\r\n").read());
            }
            // /fill's response fills the empty output buffer exactly (7 digits of Content-Length instead of 3),
            // so the error behind it finds no room, and the socket takes only part of 8 MiB.
            fillLength.set(OUTPUT_CAPACITY - headOf100 - 4);
            try (RawClient slow = new RawClient(t.port(), 4096)) {
                slow.send("GET /fill HTTP/1.1\r\nHost: t\r\n\r\nGET /boom HTTP/1.1\r\nHost: t\r\n\r\n");
                Await.until("the handler to fail", failed::get);
                // Another connection borrows and fills the pooled input buffers meanwhile.
                String big = "GET /other HTTP/1.1\r\nHost: t\r\nX-Pad: " + "Z".repeat(3000) + "\r\n\r\n";
                try (RawClient other = t.connect()) {
                    for (int i = 0; i < 64; i++) {
                        assertEquals("other", other.send(big).read().text());
                    }
                }
                RawClient.Response fill = slow.read();
                assertEquals(fillLength.get(), fill.body().length);
                assertEquals(500, slow.read().status());
            }
            assertEquals(new Seen(500, true, "GET", "/boom"), recorder.withStatus(500),
                    "the listener saw the failed request");
        }
    }

    private static int headLength(RawClient.Response r) {
        int n = "HTTP/1.1 ".length() + 3 + 1 + "OK".length() + 2 + 2;
        for (var e : r.headers().entrySet()) {
            n += e.getKey().length() + 2 + e.getValue().length() + 2;
        }
        return n;
    }

    /** A listener that throws costs nothing to the client: the response queued before it is still sent. */
    @ParameterizedTest
    @MethodSource("backends")
    void aListenerThatThrowsDoesNotLoseTheResponse(IoMode io) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ResponseListener throwing = (shard, request, status, bodyBytes, start, end) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("test: the listener fails");
        };
        Handler app = (request, response) -> response.body("fine");
        try (TestServer t = TestServer.start(io, app, o -> o.responseListener(throwing));
                RawClient client = t.connect()) {
            for (int i = 0; i < 3; i++) {
                RawClient.Response r = client.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("fine", r.text(), "the response is sent, and the connection kept");
            }
            RawClient.Response bad = client.send("BAD\r\n\r\n").read();
            assertEquals(400, bad.status(), "an error response too");
            assertTrue(client.closedByServer());
            assertEquals(4, calls.get());
        }
    }

    /** A pipelined request that fails before its head parses is not reported with the previous one's head. */
    @ParameterizedTest
    @MethodSource("backends")
    void garbageAfterARequestIsNotReportedAsThatRequest(IoMode io) throws Exception {
        Recorder recorder = new Recorder();
        Handler app = (request, response) -> response.body("ok");
        try (TestServer t = TestServer.start(io, app, o -> o.responseListener(recorder));
                RawClient client = t.connect()) {
            client.send("GET /first HTTP/1.1\r\nHost: t\r\n\r\n\rgarbage\r\n\r\n");
            assertEquals(200, client.read().status());
            assertEquals(400, client.read().status());
            assertEquals(new Seen(200, true, "GET", "/first"), recorder.withStatus(200));
            assertEquals(new Seen(400, false, null, null), recorder.withStatus(400),
                    "the 400 is for a request that could not be read");
        }
    }

    /** While the server drains, a blocking handler's streamed response says {@code Connection: close} too. */
    @ParameterizedTest
    @MethodSource("backends")
    void aStreamedBlockingResponseSaysCloseWhileDraining(IoMode io) throws Exception {
        Handler app = Blocking.of((request, response) -> {
            OutputStream out = response.contentType("text/plain").outputStream();
            out.write("streamed".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
        try (TestServer t = TestServer.start(io, app, o -> { })) {
            try (RawClient before = t.connect()) {
                assertEquals(null, before.send("GET /s HTTP/1.1\r\nHost: t\r\n\r\n").read().header("Connection"),
                        "before the drain: keep-alive");
            }
            t.server.drain();
            try (RawClient during = t.connect()) {
                RawClient.Response r = during.send("GET /s HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("close", r.header("Connection"), "while draining: close");
                String rest = new String(during.readToEnd(), StandardCharsets.US_ASCII);
                assertTrue(rest.contains("streamed"), rest);
            }
        }
    }

    /**
     * Stopping with the connection table full of idle keep-alive connections (no client seen waiting): the
     * idle ones are reclaimed so the accept queue can be looked at and the listener closed, and stop returns
     * long before the shutdown timeout.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void stopAtTheConnectionLimitDoesNotWaitTheGrace(IoMode io) throws Exception {
        Handler app = (request, response) -> response.body("ok");
        try (TestServer t = TestServer.start(io, app, o -> o.maxConnections(3)
                .shutdownTimeout(Duration.ofSeconds(30)));
                RawClient a = t.connect(); RawClient b = t.connect(); RawClient c = t.connect()) {
            for (RawClient client : List.of(a, b, c)) {
                assertEquals("ok", client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
            }
            Await.until("three connections", () -> t.server.connections() == 3);
            long start = System.nanoTime();
            t.server.stop();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 10_000, "stop took " + took + " ms (shutdown timeout 30 s)");
            assertFalse(a.socket.isClosed());
            assertEquals(0, t.server.connections());
        }
    }
}
