package ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.Deferred;
import http.Handler;
import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** The drain sequence, in-process: with a real server on every backend, and its edges with stand-ins. */
class DrainTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    /**
     * DRAINING at once; new connections still served during the delay; then no new connections, the
     * request in flight answered with {@code Connection: close}, the admin server stopped, status 0.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void drainsThenStopsGracefully(IoMode io) throws Exception {
        BlockingQueue<Deferred> held = new ArrayBlockingQueue<>(1);
        Handler app = (request, response) -> {
            if (request.path().equals("/slow")) {
                held.add(response.defer());
            } else {
                response.body("fast");
            }
        };
        Duration delay = Duration.ofSeconds(2);
        try (TestServer t = TestServer.start(io, app, o -> o.shutdownTimeout(Duration.ofSeconds(20)));
                RawClient slow = t.connect()) {
            Readiness readiness = new Readiness();
            readiness.ready();
            AtomicInteger adminStops = new AtomicInteger();
            long[] stopAt = new long[1];
            AtomicInteger atOnce = new AtomicInteger(-1);
            Drain drain = new Drain(readiness, delay, t.server::drain, () -> {
                stopAt[0] = System.nanoTime();
                t.server.stop();
            }, adminStops::incrementAndGet, atOnce::set);
            FutureTask<Integer> run = new FutureTask<>(drain::run);
            Thread.ofPlatform().start(run);

            slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
            Deferred inFlight = held.poll(10, TimeUnit.SECONDS);
            assertTrue(inFlight != null, "the slow request reached its handler");
            assertFalse(drain.requested());

            long requestedAt = System.nanoTime();
            drain.requestStop();
            assertEquals(Readiness.State.DRAINING, readiness.state(), "DRAINING at once");
            try (RawClient fresh = t.connect()) {
                RawClient.Response r = fresh.send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("fast", r.text(), "a new connection during the drain delay is served");
                assertEquals("close", r.header("Connection"), "and asked to close: the client reconnects elsewhere");
            }
            assertFalse(t.server.stats().stopping(), "still serving during the delay");

            Await.until("the server to stop accepting after the delay", () -> refused(t.port()));
            assertTrue(stopAt[0] - requestedAt >= delay.toNanos(), "the server stopped only after the drain delay");
            assertFalse(run.isDone(), "the drain waits for the request in flight");
            inFlight.complete(r -> r.body("slow done"));
            RawClient.Response late = slow.read();
            assertEquals("slow done", late.text());
            assertEquals("close", late.header("Connection"));
            assertEquals(0, run.get(20, TimeUnit.SECONDS), "a graceful stop: status 0");
            assertEquals(1, adminStops.get(), "the admin server stopped");
            assertEquals(-1, atOnce.get(), "never 'at once'");
        }
    }

    @Test
    void zeroDelayStopsAtOnce() throws Exception {
        Readiness readiness = new Readiness();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger adminStops = new AtomicInteger();
        Drain drain = new Drain(readiness, Duration.ZERO, () -> { }, stopped::countDown, adminStops::incrementAndGet,
                status -> { });
        FutureTask<Integer> run = new FutureTask<>(drain::run);
        Thread.ofPlatform().start(run);
        drain.requestStop();
        assertEquals(0, run.get(10, TimeUnit.SECONDS));
        assertEquals(0, stopped.getCount());
        assertEquals(1, adminStops.get());
    }

    /** A second request during the delay: 'at once' told 1, the server never stopped gracefully, status 1. */
    @Test
    void aSecondRequestDuringTheDelayStopsAtOnce() throws Exception {
        AtomicInteger serverStops = new AtomicInteger();
        AtomicInteger adminStops = new AtomicInteger();
        AtomicInteger atOnce = new AtomicInteger(-1);
        Drain drain = new Drain(new Readiness(), Duration.ofMinutes(10), () -> { }, serverStops::incrementAndGet,
                adminStops::incrementAndGet, atOnce::set);
        FutureTask<Integer> run = new FutureTask<>(drain::run);
        Thread.ofPlatform().start(run);
        drain.requestStop();
        assertEquals(-1, atOnce.get());
        drain.requestStop();
        assertEquals(1, atOnce.get(), "the second request exits at once");
        assertEquals(1, run.get(10, TimeUnit.SECONDS), "the 10-minute delay is cut short");
        assertEquals(0, serverStops.get());
        assertEquals(1, adminStops.get());
        drain.requestStop();
        assertEquals(1, atOnce.get(), "a third request changes nothing");
    }

    /** A second request while the server is stopping: 'at once' told 1 without waiting for the stop. */
    @Test
    void aSecondRequestDuringTheStopStopsAtOnce() throws Exception {
        CountDownLatch inStop = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger atOnce = new AtomicInteger(-1);
        Drain drain = new Drain(new Readiness(), Duration.ZERO, () -> { }, () -> {
            inStop.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> { }, atOnce::set);
        FutureTask<Integer> run = new FutureTask<>(drain::run);
        Thread.ofPlatform().start(run);
        drain.requestStop();
        assertTrue(inStop.await(10, TimeUnit.SECONDS));
        drain.requestStop();
        assertEquals(1, atOnce.get(), "told at once, while the stop still waits");
        assertFalse(run.isDone());
        release.countDown();
        assertEquals(1, run.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aNegativeDelayIsRefused() {
        try {
            new Drain(new Readiness(), Duration.ofSeconds(-1), () -> { }, () -> { }, () -> { }, s -> { });
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("accepted a negative delay");
    }

    private static boolean refused(int port) {
        try (RawClient probe = new RawClient(port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
