package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** Header blocks: checked once when built, sent as they are with every response that adds them. */
class HeaderBlockTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    @Test
    void refusesWhatTheServerSetsAndWhatIsNotAField() {
        assertThrows(IllegalArgumentException.class, () -> HeaderBlock.of("Content-Length", "3"));
        assertThrows(IllegalArgumentException.class, () -> HeaderBlock.of("content-type", "text/plain"));
        assertThrows(IllegalArgumentException.class, () -> HeaderBlock.of("ETag"));
        assertThrows(IllegalArgumentException.class, () -> HeaderBlock.of("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> HeaderBlock.of("X-A", "line\r\nInjected: 1"));
        assertEquals("ETag: \"1\"\r\nX-A: b\r\n", HeaderBlock.of("ETag", "\"1\"").with(HeaderBlock.of("X-A", "b")).toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aBlockGoesOutWithEachResponseThatAddsIt(IoMode io) throws Exception {
        HeaderBlock block = HeaderBlock.of("ETag", "\"abc\"", "Cache-Control", "max-age=60");
        try (TestServer server = TestServer.start(io, (request, response) -> {
            if (request.path().equals("/with")) {
                response.headers(block).headers(HeaderBlock.EMPTY);
            }
            response.body("x");
        }, o -> { }); RawClient c = server.connect()) {
            c.send("GET /with HTTP/1.1\r\nHost: t\r\n\r\nGET /without HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /with HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response first = c.read();
            assertEquals("\"abc\"", first.header("etag"));
            assertEquals("max-age=60", first.header("cache-control"));
            assertEquals(null, c.read().header("etag"), "not carried over to the next response");
            assertEquals("\"abc\"", c.read().header("etag"));
        }
    }
}
