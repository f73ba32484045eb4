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

    /** Many slow clients are closed by the header timeout while a normal client is served promptly. */
    @ParameterizedTest
    @MethodSource("backends")
    void slowlorisConnectionsAreClosedAndOthersStillServed(IoMode io) throws Exception {
        try (TestServer server = start(io, new HelloApp())) {
            List<RawClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    RawClient c = server.connect();
                    c.send("GET / HTTP/1.1\r\nHo");
                    slow.add(c);
                }
                try (RawClient normal = server.connect()) {
                    assertEquals(200, normal.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                }
                for (RawClient c : slow) {
                    assertEquals(408, c.read().status());
                }
                server.awaitNoConnections();
            } finally {
                for (RawClient c : slow) {
                    c.close();
                }
            }
        }
    }
}
