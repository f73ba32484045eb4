package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * At --max-connections the server reclaims the longest-idle keep-alive connections to admit new clients,
 * and never a connection with a request in progress. Timeouts stay at their long defaults (keep-alive 60 s,
 * header 10 s), so nothing here is freed by a timeout.
 */
class ConnectionLimitTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final int LIMIT = 8;

    static List<IoMode> backends() {
        return Backends.all();
    }

    /**
     * The limit is filled with idle keep-alive connections: a new client is answered within 2 s, the
     * longest-idle connection gets a clean close (EOF, no reset, no stray bytes) and the others still serve.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void idleKeepAliveConnectionsMakeRoomForANewClient(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxConnections(LIMIT))) {
            List<RawClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < LIMIT; i++) {
                    RawClient c = server.connect();
                    held.add(c);
                    assertEquals(200, c.send(GET).read().status());
                }
                assertEquals(LIMIT, server.server.connections());
                try (RawClient fresh = server.connect()) {
                    long start = System.nanoTime();
                    fresh.socket.setSoTimeout(2000);
                    fresh.send(GET);
                    assertEquals(200, fresh.read().status(), "a new client is answered at the limit");
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(millis < 2000, "answered after " + millis + " ms");

                    RawClient oldest = held.remove(0);
                    assertTrue(oldest.closedCleanly(), "the longest-idle connection ends with a clean EOF");
                    oldest.close();
                    for (RawClient c : held) {
                        assertEquals(200, c.send(GET).read().status(), "the other connections were left alone");
                    }
                    assertEquals(200, fresh.send(GET).read().status());
                    assertEquals(LIMIT, server.server.connections(), "never past the limit");
                }
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
            server.awaitNoConnections();
        }
    }

    /**
     * The limit is filled with connections that each have half a request head in (read with the request
     * before it, so only the head in progress protects them): none is reclaimed, the new client
     * waits, every head can still be completed and answered, and the new client gets in once one closes.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void connectionsWithARequestInProgressAreNeverReclaimed(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxConnections(LIMIT))) {
            List<RawClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < LIMIT; i++) {
                    RawClient c = server.connect();
                    held.add(c);
                    // One write, so one read on the server: once the answer is here, the server has the
                    // half head too (sent apart, it could still sit unread, and the connection look idle).
                    assertEquals(200, c.send(GET + "GET / HTTP/1.1\r\nHost: t\r\n").read().status());
                }
                try (RawClient waiting = server.connect()) {
                    waiting.send(GET);
                    waiting.socket.setSoTimeout(1500);
                    assertThrows(SocketTimeoutException.class, waiting::read, "no room: nothing was reclaimable");
                    assertEquals(LIMIT, server.server.connections());
                    for (RawClient c : held) {
                        assertEquals(200, c.send("\r\n").read().status(), "the head in progress survived");
                    }
                    // Now they are idle keep-alive connections: one is reclaimed for the waiting client.
                    waiting.socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
                    assertEquals(200, waiting.read().status(), "served once a connection became reclaimable");
                }
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
            server.awaitNoConnections();
        }
    }

    /**
     * The limit is filled with connections lingering after an error response (output shut, input drained
     * until the client closes, for up to 2 s): they are not idle, so none is reclaimed and a new client
     * waits until they close.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void connectionsLingeringAfterAnErrorAreNeverReclaimed(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxConnections(LIMIT))) {
            List<RawClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < LIMIT; i++) {
                    RawClient c = server.connect();
                    held.add(c);
                    assertEquals(400, c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3x\r\n\r\nabc")
                            .read().status());
                }
                try (RawClient waiting = server.connect()) {
                    waiting.send(GET);
                    waiting.socket.setSoTimeout(700); // well within the 2 s the server lingers
                    assertThrows(SocketTimeoutException.class, waiting::read, "no room: nothing was reclaimable");
                    assertEquals(LIMIT, server.server.connections());
                    for (RawClient c : held) {
                        c.close();
                    }
                    held.clear();
                    waiting.socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
                    assertEquals(200, waiting.read().status(), "served once they closed");
                }
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
            server.awaitNoConnections();
        }
    }

    /** The smallest limit the options allow still starts (every pool sized from it) and serves. */
    @ParameterizedTest
    @MethodSource("backends")
    void aLimitOfOneConnectionServes(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxConnections(1));
             RawClient c = server.connect()) {
            assertEquals(200, c.send(GET).read().status());
        }
    }
}
