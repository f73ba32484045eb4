package http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * {@code --reuse-port} hand-over: a new server starts on the port, the old one stops, and no client waiting
 * in the old listener's accept queue is lost. Linux resets the connections queued on a closed SO_REUSEPORT
 * listener unless {@code net.ipv4.tcp_migrate_req=1}, so the old server accepts and answers them itself
 * before it closes its listener. The test holds with the sysctl at 0 (as on this machine) and at 1.
 */
class ReusePortHandOverTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final int LIMIT = 2;
    private static final int QUEUED = 6;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void clientsQueuedOnTheOldListenerAreAnswered(IoMode io) throws Exception {
        List<RawClient> held = new ArrayList<>();
        List<RawClient> queued = new ArrayList<>();
        TestServer old = TestServer.start(io, (request, response) -> response.body("old"),
                o -> o.reusePort(true).maxConnections(LIMIT).shutdownTimeout(Duration.ofSeconds(20))
                        // the held heads must not time out (408) on a slow machine
                        .timeouts(new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(60),
                                Duration.ofSeconds(60), Duration.ofSeconds(60))));
        Thread stopper = null;
        try {
            // The old server's table is full of connections with a request head in progress (never
            // reclaimed), so the next clients complete their handshake and wait in its accept queue.
            for (int i = 0; i < LIMIT; i++) {
                held.add(old.connect().send("GET / HTTP/1.1\r\nHost: t\r\n"));
            }
            Await.until("the limit to fill", () -> old.server.connections() == LIMIT);
            for (int i = 0; i < QUEUED; i++) {
                queued.add(old.connect().send(GET)); // only the old server listens yet: all queue there
            }
            try (TestServer fresh = TestServer.start(io, (request, response) -> response.body("new"),
                    o -> o.port(old.port()).reusePort(true))) {
                stopper = Thread.ofPlatform().start(old.server::stop);
                Await.until("the old server to stop", () -> old.server.stats().stopping());
                for (RawClient c : held) { // their requests finish: slots come free for the queued clients
                    RawClient.Response r = c.send("\r\n").read();
                    assertEquals(200, r.status());
                    assertEquals("close", r.header("Connection"));
                }
                int n = 0;
                for (RawClient c : queued) {
                    RawClient.Response r = c.read(); // a reset here is a client lost in the hand-over
                    assertEquals(200, r.status(), "queued client " + n++);
                }
                stopper.join(Duration.ofSeconds(30));
                for (int i = 0; i < 4; i++) { // the new server goes on alone
                    try (RawClient c = fresh.connect()) {
                        assertEquals("new", c.send(GET).read().text());
                    }
                }
            }
        } finally {
            for (RawClient c : held) {
                c.close();
            }
            for (RawClient c : queued) {
                c.close();
            }
            old.close();
            if (stopper != null) {
                stopper.join(Duration.ofSeconds(30));
            }
        }
    }
}
