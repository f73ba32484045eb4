package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;
import transport.BufferPool;

/**
 * I/O buffers are capped: a request head in progress holds a small buffer, a full-size one only when it
 * outgrows it; past --max-buffer-memory a connection that needs a full buffer gets 503 and a close, at
 * once (no spin, no stall), and once buffers come back requests are served again.
 */
class BufferCapTest {
    private static final int FULL_BUFFERS = 4;
    private static final String SHORT_PARTIAL_HEAD = "GET / HTTP/1.1\r\nHost: t\r\n";
    private static final String LONG_PARTIAL_HEAD = "GET / HTTP/1.1\r\nHost: t\r\nX-Long: " + "a".repeat(6000);
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fullBuffersAreCappedAndAConnectionThatCannotHaveOneGets503(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(),
                o -> o.maxBufferMemory(176 * 1024))) { // a quarter: 11 head buffers; the rest: 4 full ones
            BufferPool full = server.server.fullBuffers();
            BufferPool heads = server.server.headBuffers();
            assertEquals(32 * 1024, full.bufferSize());
            List<RawClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    slow.add(server.connect().send(SHORT_PARTIAL_HEAD));
                }
                Await.until("10 partial heads to be read (heads lent: " + heads.lent() + ")",
                        () -> heads.lent() == 10);
                assertEquals(0, full.inExistence(), "a short head in progress holds no full-size buffer");

                for (int i = 0; i < FULL_BUFFERS; i++) {
                    // one at a time: each starts in a head buffer and leaves it for a full one
                    slow.add(server.connect().send(LONG_PARTIAL_HEAD));
                    int held = i + 1;
                    Await.until("long head " + held + " to hold a full buffer (lent: " + full.lent() + ")",
                            () -> full.lent() == held);
                }

                try (RawClient one = server.connect()) {
                    RawClient.Response refused = one.send(LONG_PARTIAL_HEAD).read();
                    assertEquals(503, refused.status(), "no full buffer for a long head");
                    assertEquals("close", refused.header("connection"));
                    assertTrue(one.closedByServer());
                }
                try (RawClient get = server.connect()) {
                    RawClient.Response refused = get.send(GET).read();
                    assertEquals(503, refused.status(), "no output buffer for its response");
                    assertTrue(get.closedByServer());
                }
                assertEquals(FULL_BUFFERS, full.inExistence(), "never more than the cap");
            } finally {
                for (RawClient c : slow) {
                    c.close();
                }
            }
            server.awaitNoConnections();
            Await.until("every buffer to be back", () -> full.lent() == 0 && heads.lent() == 0);
            try (RawClient get = server.connect()) {
                assertEquals(200, get.send(GET).read().status(), "served again once buffers are back");
                assertEquals(200, get.send(LONG_PARTIAL_HEAD + "\r\n\r\n").read().status(),
                        "a head longer than the small buffer moves to a full one");
                assertEquals(200, get.send(GET).read().status());
            }
            assertEquals(FULL_BUFFERS, full.inExistence(), "kept, none made past the cap");
        }
    }
}
