package route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.ContentType;
import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** The router over real sockets, on every backend: what a client sees of each routing rule. */
class RoutingIntegrationTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static Router app() {
        Router router = new Router();
        router.filter((request, response, chain) -> {
            response.header("X-Global", "yes");
            chain.next(request, response);
        });
        router.get("/items/{id}", (request, response) -> response.contentType(ContentType.TEXT_PLAIN)
                .body("item " + request.param("id") + " of " + request.route()));
        router.delete("/items/{id}", (request, response) -> response.status(204));
        router.get("/echo/{name}", (request, response) -> response.contentType(ContentType.TEXT_PLAIN)
                .body(request.route() + "|" + request.param("name") + "|" + request.queries("a") + "|"
                        + request.query("q") + "|" + request.cookie("session") + "|" + request.cookie("theme")
                        + "|" + request.remoteAddress().getAddress().getHostAddress() + ":"
                        + request.remoteAddress().getPort()));
        RouteGroup admin = router.group("/admin").filter((request, response, chain) -> {
            if (request.header("authorization") == null) {
                response.status(401).contentType(ContentType.TEXT_PLAIN).body("who are you?\n");
                return;
            }
            response.header("X-Group", "admin");
            chain.next(request, response);
        });
        admin.get("/stats", (request, response) -> response.contentType(ContentType.TEXT_PLAIN).body("42"));
        return router;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void noPathGets404ThroughTheGlobalFilters(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, app(), o -> { }); RawClient c = server.connect()) {
            RawClient.Response r = c.send("GET /nothing/here HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(404, r.status());
            assertEquals("Not Found\n", r.text());
            assertEquals("yes", r.header("X-Global"));
            assertNull(r.header("X-Group"));
            RawClient.Response again = c.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(200, again.status(), "the connection stays open after a 404");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aPathWithoutTheMethodGets405WithAllow(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, app(), o -> { }); RawClient c = server.connect()) {
            RawClient.Response r = c.send("POST /items/7 HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi").read();
            assertEquals(405, r.status());
            assertEquals("DELETE, GET, HEAD, OPTIONS", r.header("Allow"));
            assertEquals("yes", r.header("X-Global"), "global filters run around a 405 too");
            assertEquals(204, c.send("DELETE /items/7 HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headRunsTheGetRouteAndKeepsItsContentLengthWithoutTheBody(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, app(), o -> { }); RawClient c = server.connect()) {
            RawClient.Response get = c.send("GET /items/abc HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals("item abc of /items/{id}", get.text());
            RawClient.Response head = c.send("HEAD /items/abc HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals(200, head.status());
            assertEquals(String.valueOf(get.body().length), head.header("Content-Length"));
            assertEquals("yes", head.header("X-Global"));
            // Had the body been sent, this would read its bytes as a status line.
            RawClient.Response next = c.send("GET /items/x HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals("item x of /items/{id}", next.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void optionsWithoutItsOwnRouteGets204WithAllow(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, app(), o -> { }); RawClient c = server.connect()) {
            RawClient.Response r = c.send("OPTIONS /admin/stats HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(204, r.status());
            assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
            assertNull(r.header("Content-Length"));
            assertEquals("yes", r.header("X-Global"));
            assertNull(r.header("X-Group"), "group filters are for the group's routes");
            assertEquals(404, c.send("OPTIONS /none HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            RawClient.Response star = c.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(204, star.status(), "OPTIONS * is about the server as a whole (RFC 9110 9.3.7)");
            assertEquals("DELETE, GET, HEAD, OPTIONS", star.header("Allow"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void groupFiltersRunAroundTheGroupsRoutesAndMayAnswerThemselves(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, app(), o -> { }); RawClient c = server.connect()) {
            RawClient.Response refused = c.send("GET /admin/stats HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(401, refused.status());
            assertEquals("who are you?\n", refused.text());
            RawClient.Response ok = c.send("GET /admin/stats HTTP/1.1\r\nHost: t\r\nAuthorization: x\r\n\r\n").read();
            assertEquals("42", ok.text());
            assertEquals("admin", ok.header("X-Group"));
            assertEquals("yes", ok.header("X-Global"));
            assertNull(c.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\n").read().header("X-Group"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theHandlerSeesParametersQueryCookiesTheClientsAddressAndTheTemplate(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, app(), o -> { }); RawClient c = server.connect()) {
            String request = "GET /echo/a%2Fb%20c?a=1&a=2&q=x+y%21 HTTP/1.1\r\nHost: t\r\n"
                    + "Cookie: session=s1; theme=\"dark\"\r\n\r\n";
            RawClient.Response r = c.send(request).read();
            assertEquals(200, r.status());
            assertEquals("/echo/{name}|a/b c|[1, 2]|x y!|s1|dark|127.0.0.1:" + c.socket.getLocalPort(), r.text());
            // The next request on the connection starts clean: no parameters, query or cookies left over.
            RawClient.Response next = c.send("GET /echo/z HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals("/echo/{name}|z|[]|null|null|null|127.0.0.1:" + c.socket.getLocalPort(), next.text());
            assertEquals(400, c.send("GET /echo/%zz HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
    }
}
