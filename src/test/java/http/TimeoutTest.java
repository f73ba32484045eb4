package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** Timeouts over real sockets, configured short (1 s) so the tests stay quick. */
class TimeoutTest {
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final Timeouts TIMEOUTS = new Timeouts(SHORT, SHORT, SHORT, SHORT);

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static TestServer start(IoMode io, Handler handler) throws IOException {
        return TestServer.start(io, handler, o -> o.timeouts(TIMEOUTS));
    }

    /** A head trickled a byte at a time is cut off by the header timeout: trickling does not extend it. */
    @ParameterizedTest
    @MethodSource("backends")
    void aTrickledHeadGets408WhileStillTrickling(IoMode io) throws Exception {
        try (TestServer server = start(io, new HelloApp()); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean stillTrickling = new AtomicBoolean(true);
            Thread trickler = new Thread(() -> {
                try {
                    for (int i = 0; i < 100 && !stop.get(); i++) { // 10 s of one byte per 100 ms
                        c.send("X");
                        LockSupport.parkNanos(100_000_000L);
                    }
                } catch (IOException closedByServer) {
                    // expected once the server gives up
                } finally {
                    stillTrickling.set(false);
                }
            });
            trickler.start();
            RawClient.Response r = c.read();
            boolean trickling = stillTrickling.get();
            stop.set(true);
            trickler.join(10_000);
            assertEquals(408, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(trickling, "the 408 came while bytes were still trickling in");
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anIdleKeepAliveConnectionIsClosedQuietly(IoMode io) throws Exception {
        try (TestServer server = start(io, new HelloApp()); RawClient c = server.connect()) {
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            assertTrue(c.closedByServer(), "closed, and with no 408: nothing was in progress");
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aStalledBodyGets408(IoMode io) throws Exception {
        try (TestServer server = start(io, new HelloApp()); RawClient c = server.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
            assertEquals(408, c.read().status());
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatStopsReadingIsClosedByTheWriteTimeout(IoMode io) throws Exception {
        byte[] big = new byte[16 * 1024 * 1024];
        try (TestServer server = start(io, (request, response) -> response.body(big));
             RawClient c = new RawClient(server.port(), 4096)) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            server.awaitNoConnections(); // never read: the server gives up on it
        }
    }

    /**
     * Slowloris: 500 connections each send one header byte a second. A normal client on a new connection is
     * answered while they are all still open, and the header timeout (2 s here) closes every slow one with a
     * 408 although each keeps sending.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void slowlorisConnectionsAreClosedAndOthersStillServed(IoMode io) throws Exception {
        int slowCount = 500;
        Duration headerTimeout = Duration.ofSeconds(2);
        try (TestServer server = TestServer.start(io, new HelloApp(),
                o -> o.timeouts(new Timeouts(headerTimeout, SHORT, SHORT, SHORT)))) {
            List<RawClient> slow = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread trickler = new Thread(() -> {
                for (int second = 0; second < 10 && !stop.get(); second++) { // bounded: 10 bytes each at most
                    for (RawClient c : List.copyOf(slow)) {
                        try {
                            c.send("X");
                        } catch (IOException closedByServer) {
                            // this one has been cut off
                        }
                    }
                    LockSupport.parkNanos(1_000_000_000L); // the pace of the attack, not a synchronisation
                }
            }, "slowloris");
            try {
                for (int i = 0; i < slowCount; i++) {
                    slow.add(server.connect().send("GET / HTTP/1.1\r\nX-Slow: "));
                }
                trickler.start();
                try (RawClient normal = server.connect()) {
                    assertEquals(200, normal.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                    assertTrue(server.server.connections() > slowCount,
                            "answered while the slow connections were all still open");
                }
                for (RawClient c : slow) {
                    RawClient.Response r = c.read();
                    assertEquals(408, r.status());
                    assertEquals("close", r.header("connection"));
                }
                server.awaitNoConnections();
            } finally {
                stop.set(true);
                trickler.join(15_000);
                for (RawClient c : slow) {
                    c.close();
                }
            }
        }
    }
}
