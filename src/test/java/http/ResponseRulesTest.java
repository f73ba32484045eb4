package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** What the server writes for responses a handler gets wrong or that RFC 9110 constrains, on every backend. */
class ResponseRulesTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void resetContentIsSentWithoutABodyEvenWhenTheHandlerGaveOne(IoMode io) throws Exception {
        Handler reset = (request, response) -> {
            if (request.path().equals("/reset")) {
                response.status(205).body("stray content");
            } else {
                response.body("next");
            }
        };
        try (TestServer server = TestServer.start(io, reset, o -> { }); RawClient c = server.connect()) {
            c.send("GET /reset HTTP/1.1\r\nHost: t\r\n\r\n" + GET);
            RawClient.Response r = c.read();
            assertEquals(205, r.status());
            assertEquals("0", r.header("content-length"), "RFC 9110 section 15.3.6: no content");
            // Had any body byte been sent, it would be read as the start of the next response.
            RawClient.Response next = c.read();
            assertEquals(200, next.status());
            assertEquals("next", next.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headersTooLargeForTheOutputBufferGetA500AndAClose(IoMode io) throws Exception {
        Handler huge = (request, response) -> response.header("X-Huge", "h".repeat(1 << 20)).body("never sent");
        try (TestServer server = TestServer.start(io, huge, o -> { }); RawClient c = server.connect()) {
            c.send(GET + GET);
            RawClient.Response r = c.read();
            assertEquals(500, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "the pipelined request after it is not answered");
        }
    }
}
