package http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * Bodies buffered whole count against one server-wide budget (--max-buffered-bodies): bodies in progress
 * hold their share, a body past the budget gets 503 and a close, and the budget is given back when the
 * exchanges end or their connections close.
 */
class BodyBudgetTest {
    private static final int BUDGET = 100_000;
    private static final int BODY = 40_000;

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static String post(int length) {
        return "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private static byte[] bytes(int length, char fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void bodiesPastTheBudgetGet503AndTheBudgetComesBack(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxBufferedBodies(BUDGET))) {
            HttpServer s = server.server;
            try (RawClient a = server.connect(); RawClient b = server.connect()) {
                // Two bodies started and not finished: each holds its whole Content-Length.
                a.send(post(BODY)).send(bytes(1000, 'a'));
                b.send(post(BODY)).send(bytes(1000, 'b'));
                Await.until("two bodies to hold the budget (held: " + s.bufferedBodyBytes() + ")",
                        () -> s.bufferedBodyBytes() == 2L * BODY);

                try (RawClient c = server.connect()) {
                    RawClient.Response refused = c.send(post(BODY)).read();
                    assertEquals(503, refused.status(), "a third body does not fit");
                    assertEquals("close", refused.header("connection"));
                    assertTrue(c.closedByServer(), "and the connection is closed");
                }
                try (RawClient expecting = server.connect()) {
                    RawClient.Response refused = expecting.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: "
                            + BODY + "\r\nExpect: 100-continue\r\n\r\n").read();
                    assertEquals(503, refused.status(), "refused before 100 Continue: the client need not send it");
                }
                try (RawClient chunked = server.connect()) {
                    chunked.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
                    String size = Integer.toHexString(BODY) + "\r\n";
                    chunked.send(size.getBytes(StandardCharsets.US_ASCII)).send(bytes(BODY, 'c'));
                    RawClient.Response refused = chunked.read();
                    assertEquals(503, refused.status(), "a chunked body is refused once it outgrows the budget");
                    assertEquals("close", refused.header("connection"));
                }
                try (RawClient get = server.connect()) {
                    assertEquals(200, get.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status(),
                            "a request without a body pays nothing");
                }
                try (RawClient small = server.connect()) {
                    RawClient.Response echoed = small.send(post(10_000)).send(bytes(10_000, 's')).read();
                    assertEquals(200, echoed.status(), "a body that fits what is left is accepted");
                    assertArrayEquals(bytes(10_000, 's'), echoed.body());
                }
                Await.until("only the two stalled bodies to be held (held: " + s.bufferedBodyBytes() + ")",
                        () -> s.bufferedBodyBytes() == 2L * BODY);
            }
            Await.until("the budget to be given back on close (held: " + s.bufferedBodyBytes() + ")",
                    () -> s.bufferedBodyBytes() == 0);

            try (RawClient d = server.connect()) {
                for (int i = 0; i < 3; i++) { // more than the budget in total, one at a time
                    RawClient.Response echoed = d.send(post(BODY)).send(bytes(BODY, 'd')).read();
                    assertEquals(200, echoed.status(), "bodies are accepted again");
                    assertArrayEquals(bytes(BODY, 'd'), echoed.body());
                }
                String chunk = Integer.toHexString(BODY) + "\r\n";
                RawClient.Response echoed = d.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .send(chunk.getBytes(StandardCharsets.US_ASCII)).send(bytes(BODY, 'e'))
                        .send("\r\n0\r\n\r\n").read();
                assertEquals(200, echoed.status(), "a chunked body that fits");
                assertArrayEquals(bytes(BODY, 'e'), echoed.body());
                Await.until("the budget to be given back after each exchange (held: " + s.bufferedBodyBytes()
                        + ")", () -> s.bufferedBodyBytes() == 0);
            }
        }
    }

    /**
     * An echoed body still counts while its response goes out: a client that uploads and then does not
     * read holds the budget until it reads or goes (the case of clients posting 8 MiB and not reading).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void anEchoThatIsNotReadStillHoldsTheBudget(IoMode io) throws Exception {
        int big = 8 * 1024 * 1024; // more than the kernel buffers a non-reading client can absorb
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxBufferedBodies(10L * 1024 * 1024))) {
            HttpServer s = server.server;
            try (RawClient slow = new RawClient(server.port(), 4096)) {
                slow.send(post(big)).send(bytes(big, 'x'));
                byte[] start = slow.socket.getInputStream().readNBytes(12);
                assertEquals("HTTP/1.1 200", new String(start, StandardCharsets.US_ASCII), "the echo has begun");
                assertEquals(big, s.bufferedBodyBytes(), "the echo in flight holds its body's share");
                try (RawClient other = server.connect()) {
                    assertEquals(503, other.send(post(big)).read().status(), "no room for another");
                }
                byte[] rest = slow.socket.getInputStream().readNBytes(big); // head remainder and most of the body
                assertTrue(rest.length == big, "read " + rest.length);
                Await.until("the budget to come back once the echo is sent (held: " + s.bufferedBodyBytes() + ")",
                        () -> s.bufferedBodyBytes() == 0);
            }
            try (RawClient again = server.connect()) {
                RawClient.Response echoed = again.send(post(big)).send(bytes(big, 'y')).read();
                assertEquals(200, echoed.status());
                assertEquals(big, echoed.body().length);
            }
            Await.until("the budget to be free", () -> s.bufferedBodyBytes() == 0);
        }
    }

    /**
     * A body whose response closes the connection is given back once the response is sent, not when the
     * client finally closes: the server lingers (FIN sent, input drained for up to 2 s) and meanwhile the
     * budget is free for others.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void theBudgetComesBackWhenTheLastResponseIsSentNotWhenTheClientCloses(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxBufferedBodies(BUDGET))) {
            HttpServer s = server.server;
            try (RawClient c = server.connect()) {
                RawClient.Response echoed = c.send("POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                        + "Content-Length: " + BODY + "\r\n\r\n").send(bodyAndMore()).read();
                assertEquals(200, echoed.status());
                assertEquals(BODY, echoed.body().length);
                // The client keeps its side open and has sent bytes past the body: the server lingers (2 s).
                long answered = System.nanoTime();
                Await.until("the budget back while the connection lingers (held: " + s.bufferedBodyBytes() + ")",
                        () -> s.bufferedBodyBytes() == 0);
                long millis = (System.nanoTime() - answered) / 1_000_000;
                assertTrue(millis < 1000, "the budget came back " + millis + " ms after the answer: at the close");
                assertEquals(1, s.connections(), "still lingering");
            }
            server.awaitNoConnections();
        }
    }

    /** A body and bytes past it in one write: the read that ends the body sees them, so the server lingers. */
    private static byte[] bodyAndMore() {
        byte[] more = "more bytes".getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(bytes(BODY, 'e'), BODY + more.length);
        System.arraycopy(more, 0, all, BODY, more.length);
        return all;
    }
}
