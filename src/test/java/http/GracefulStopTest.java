package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * {@link HttpServer#stop()} as issue 14 describes the end of a drain, over real sockets on every backend: new
 * connections are refused, a request in flight finishes and is answered, and a keep-alive connection's next
 * response says {@code Connection: close}.
 */
class GracefulStopTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopRefusesNewConnectionsFinishesInFlightAndClosesKeepAlive(IoMode io) throws Exception {
        BlockingQueue<Deferred> held = new ArrayBlockingQueue<>(1);
        Handler app = (request, response) -> {
            if (request.path().equals("/slow")) {
                held.add(response.defer());
            } else {
                response.body("fast");
            }
        };
        try (TestServer t = TestServer.start(io, app, o -> o.shutdownTimeout(Duration.ofSeconds(20)));
                RawClient slow = t.connect(); RawClient keepAlive = t.connect()) {
            assertNull(keepAlive.send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n").read().header("Connection"),
                    "before the stop: keep-alive");
            slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
            Deferred inFlight = held.poll(10, TimeUnit.SECONDS);
            assertTrue(inFlight != null, "the slow request reached its handler");

            Thread stopper = Thread.ofPlatform().start(t.server::stop);
            try {
                Await.until("the server to stop accepting", () -> refused(t.port()));
                assertTrue(t.server.stats().stopping());

                RawClient.Response next = keepAlive.send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("fast", next.text(), "an open keep-alive connection is still served while stopping");
                assertEquals("close", next.header("Connection"), "and told to close");
                assertTrue(keepAlive.closedByServer(), "then closed");

                assertTrue(stopper.isAlive(), "stop waits for the request in flight");
                inFlight.complete(r -> r.body("slow done"));
                RawClient.Response late = slow.read();
                assertEquals(200, late.status());
                assertEquals("slow done", late.text(), "the request in flight is answered");
                assertEquals("close", late.header("Connection"));
                stopper.join(TimeUnit.SECONDS.toMillis(10));
                assertTrue(!stopper.isAlive(), "stop returns once nothing is in flight");
                assertEquals(0, t.server.connections());
            } finally {
                stopper.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** True when a connection to {@code port} is refused (the listener is closed). */
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
