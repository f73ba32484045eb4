package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** Deferred responses (Response.defer, Deferred.complete) over real sockets, on every backend. */
class DeferredResponseTest {
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    static List<IoMode> backends() {
        return Backends.all();
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        later.shutdownNow();
        later.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** "/defer/N" answers "late N" from another thread after 50-200 ms; other paths answer at once. */
    private Handler deferring() {
        return (request, response) -> {
            String path = request.path();
            if (path.startsWith("/defer/")) {
                Deferred deferred = response.defer();
                long delay = 50 + (path.hashCode() & 0x7fffffff) % 150;
                later.schedule(() -> deferred.complete(r -> r.body("late " + path.substring(7))),
                        delay, TimeUnit.MILLISECONDS);
            } else {
                response.body("now " + path);
            }
        };
    }

    @ParameterizedTest
    @MethodSource("backends")
    void completedFromAnotherThreadLater(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, deferring(), o -> { }); RawClient c = server.connect()) {
            for (int i = 0; i < 3; i++) {
                RawClient.Response r = c.send("GET /defer/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("late " + i, r.text());
            }
            assertEquals("now /x", c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n").read().text(), "kept alive");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedRequestsBehindADeferredOneWaitTheirTurn(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, deferring(), o -> { }); RawClient c = server.connect()) {
            c.send("GET /defer/a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /defer/c HTTP/1.1\r\nHost: t\r\n\r\nGET /d HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("late a", c.read().text());
            assertEquals("now /b", c.read().text());
            assertEquals("late c", c.read().text());
            assertEquals("now /d", c.read().text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aDeferredResponseMayBeStreamed(IoMode io) throws Exception {
        Handler handler = (request, response) -> {
            Deferred deferred = response.defer();
            later.schedule(() -> deferred.complete(r -> r.body(new CountingSource(500_000), -1)),
                    50, TimeUnit.MILLISECONDS);
        };
        try (TestServer server = TestServer.start(io, handler, o -> { });
             StreamedResponseTest.Reader c = new StreamedResponseTest.Reader(server.port(), -1)) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            StreamedResponseTest.Reader.Result r = c.readResponse(false);
            assertEquals(500_000, r.length());
            assertEquals(CountingSource.crcOf(500_000), r.crc());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void neverCompletedGets503AtTheHandlerTimeout(IoMode io) throws Exception {
        BlockingQueue<Deferred> pending = new ArrayBlockingQueue<>(1);
        Handler handler = (request, response) -> pending.add(response.defer());
        try (TestServer server = TestServer.start(io, handler, o -> o.handlerTimeout(Duration.ofMillis(300)));
             RawClient c = server.connect()) {
            long start = System.nanoTime();
            RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(503, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "not before the timeout");
            assertTrue(c.closedByServer());
            Deferred deferred = pending.poll(10, TimeUnit.SECONDS);
            assertFalse(deferred.complete(res -> {
                throw new AssertionError("fill must not run after the timeout");
            }), "too late");
            assertThrows(IllegalStateException.class, () -> deferred.complete(res -> { }));
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void completingTwiceThrows(IoMode io) throws Exception {
        CompletableFuture<Boolean> second = new CompletableFuture<>();
        Handler handler = (request, response) -> {
            Deferred deferred = response.defer();
            later.execute(() -> {
                deferred.complete(r -> r.body("once"));
                try {
                    deferred.complete(r -> r.body("twice"));
                    second.complete(false);
                } catch (IllegalStateException expected) {
                    second.complete(true);
                }
            });
        };
        try (TestServer server = TestServer.start(io, handler, o -> { }); RawClient c = server.connect()) {
            assertEquals("once", c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
            assertTrue(second.get(10, TimeUnit.SECONDS), "the second complete threw IllegalStateException");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatLeavesWhileItsResponseIsDeferredIsNoticedAndTheCompletionDroppedQuietly(IoMode io)
            throws Exception {
        BlockingQueue<Deferred> pending = new ArrayBlockingQueue<>(1);
        Handler handler = (request, response) -> pending.add(response.defer());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (TestServer server = TestServer.start(io, handler, o -> { })) {
            for (boolean reset : new boolean[] {false, true}) {
                Deferred deferred;
                try (RawClient c = server.connect()) {
                    c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
                    deferred = pending.poll(10, TimeUnit.SECONDS);
                    if (reset) {
                        c.socket.setSoLinger(true, 0);
                    }
                }
                // Noticed while it waits (its FIN or reset wakes the parked connection), long before the
                // 30 s handler timeout: before, the connection stayed until the completion or the timeout.
                server.awaitNoConnections();
                assertFalse(deferred.complete(r -> r.body("nobody reads this")), "the client is gone");
            }
        } finally {
            root.detachAppender(logged);
        }
        assertEquals(List.of(), logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList());
    }

    /**
     * A handler that defers, hands the response to a completer and then throws while the completer's fill is
     * running: the worker must not answer 500 from (nor reuse) the response the fill is writing; the
     * connection closes without an answer and the completion returns false.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aHandlerThatThrowsWhileItsCompleterFillsClosesWithoutTouchingTheResponse(IoMode io) throws Exception {
        java.util.concurrent.CountDownLatch fillStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Boolean> completed = new CompletableFuture<>();
        Handler handler = (request, response) -> {
            if (request.path().equals("/plain")) {
                response.body("plain");
                return;
            }
            Deferred deferred = response.defer();
            Thread.ofPlatform().start(() -> completed.complete(deferred.complete(r -> {
                fillStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.header("X-Late", "yes").body("late");
            })));
            fillStarted.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("handler bug after deferring (expected by the test)");
        };
        try (TestServer server = TestServer.start(io, handler, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertTrue(c.closedByServer(), "closed without an answer (before: a 500 written from the filling response)");
            release.countDown();
            assertFalse(completed.get(10, TimeUnit.SECONDS), "the connection is gone");
            try (RawClient again = server.connect()) { // the abandoned exchange is not lent to the next request
                RawClient.Response r = again.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("plain", r.text());
                assertEquals(null, r.header("X-Late"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopWaitsForAPendingDeferredResponse(IoMode io) throws Exception {
        BlockingQueue<Deferred> pending = new ArrayBlockingQueue<>(1);
        Handler handler = (request, response) -> pending.add(response.defer());
        TestServer server = TestServer.start(io, handler, o -> o.shutdownTimeout(Duration.ofSeconds(10)));
        try (RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Deferred deferred = pending.poll(10, TimeUnit.SECONDS);
            Thread stopper = new Thread(server::close);
            stopper.start();
            // The stop has begun and waits for the deferred response: its thread parks between checks.
            Await.until("the stop to wait", () -> stopper.getState() == Thread.State.TIMED_WAITING);
            assertTrue(stopper.isAlive(), "stop waits while a deferred response is pending");
            assertTrue(deferred.complete(r -> r.body("in time")));
            RawClient.Response r = c.read();
            assertEquals("in time", r.text());
            assertEquals("close", r.header("connection"), "the server is stopping");
            stopper.join(10_000);
            assertFalse(stopper.isAlive());
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopPastTheShutdownTimeoutCancelsThePendingResponse(IoMode io) throws Exception {
        BlockingQueue<Deferred> pending = new ArrayBlockingQueue<>(1);
        Handler handler = (request, response) -> pending.add(response.defer());
        AtomicReference<Deferred> deferred = new AtomicReference<>();
        try (TestServer server = TestServer.start(io, handler, o -> o.shutdownTimeout(Duration.ofMillis(200)));
             RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            deferred.set(pending.poll(10, TimeUnit.SECONDS));
            server.close();
            assertTrue(c.closedByServer());
            assertFalse(deferred.get().complete(r -> r.body("too late")), "the server stopped");
        }
    }
}
