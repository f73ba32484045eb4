package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    /** The queued clients sent their requests with the handshake, as browsers and load balancers do. */
    @ParameterizedTest
    @MethodSource("backends")
    void clientsQueuedOnTheOldListenerAreAnswered(IoMode io) throws Exception {
        handOver(io, true);
    }

    /**
     * The queued clients send their requests only once the stopping server has accepted them: it waits for
     * them (within the shutdown timeout) instead of closing them as idle. nio only: the epoll listener uses
     * TCP_DEFER_ACCEPT, so there a client that has sent nothing is not in the accept queue yet.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void clientsAcceptedWhileStoppingAreWaitedFor(IoMode io) throws Exception {
        assumeTrue(io == IoMode.NIO, "epoll defers accepting a connection until it has data (TCP_DEFER_ACCEPT)");
        handOver(io, false);
    }

    private static void handOver(IoMode io, boolean sendAtOnce) throws Exception {
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
                RawClient c = old.connect(); // only the old server listens yet: all queue there
                queued.add(sendAtOnce ? c.send(GET) : c);
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
                for (int i = 0; i < QUEUED; i++) {
                    RawClient c = queued.get(i);
                    if (!sendAtOnce) { // the accept queue is FIFO: this client is in once LIMIT + i + 1 are
                        long accepted = LIMIT + i + 1;
                        Await.until("queued client " + i + " to be accepted",
                                () -> old.server.stats().connectionsAccepted() >= accepted);
                        if (i == QUEUED - 1) { // the queue is empty now: only this client keeps the stop waiting
                            stopper.join(Duration.ofMillis(500));
                            assertTrue(stopper.isAlive(), "the stop waits for an accepted client's request");
                        }
                        c.send(GET);
                    }
                    RawClient.Response r = c.read(); // a reset here is a client lost in the hand-over
                    assertEquals(200, r.status(), "queued client " + i);
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
