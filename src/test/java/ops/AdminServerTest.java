package ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.Handler;
import platform.IoMode;
import support.Backends;
import support.RawClient;

/** The admin port over real sockets, on every backend. */
class AdminServerTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void livezAndReadyzFollowTheReadiness(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        Readiness readiness = new Readiness();
        try (AdminServer admin = AdminServer.start("127.0.0.1", 0, io, readiness, null);
                RawClient c = new RawClient(admin.port())) {
            assertAnswer(get(c, "/readyz"), 503, "starting\n");
            assertAnswer(get(c, "/livez"), 200, "ok\n");
            readiness.ready();
            assertAnswer(get(c, "/readyz"), 200, "ready\n");
            RawClient.Response head = c.send("HEAD /readyz HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals(200, head.status(), "HEAD too");
            assertEquals(0, head.body().length);
            readiness.drain();
            assertAnswer(get(c, "/readyz"), 503, "draining\n");
            assertAnswer(get(c, "/livez"), 200, "ok\n");
            assertEquals(404, get(c, "/metrics").status(), "no metrics handler: 404");
            assertEquals(404, get(c, "/").status());
            assertEquals(404, get(c, "/readyz/x").status());
            assertEquals(405, c.send("POST /livez HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").read().status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void metricsComeFromTheHandlerGiven(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        Handler metrics = (request, response) -> response.contentType("text/plain; version=0.0.4; charset=utf-8")
                .body("up 1\n");
        try (AdminServer admin = AdminServer.start("127.0.0.1", 0, io, new Readiness(), metrics);
                RawClient c = new RawClient(admin.port())) {
            RawClient.Response r = get(c, "/metrics");
            assertEquals(200, r.status());
            assertEquals("up 1\n", r.text());
            assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type"));
        }
    }

    private static void assertAnswer(RawClient.Response r, int status, String body) {
        assertEquals(status, r.status());
        assertEquals(body, r.text());
        assertEquals("no-store", r.header("Cache-Control"));
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
    }

    private static RawClient.Response get(RawClient c, String target) throws IOException {
        return c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
    }
}
