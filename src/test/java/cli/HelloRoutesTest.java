package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** {@code skep serve}'s application answers through its router as HelloApp alone did, on every path. */
class HelloRoutesTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void helloOnEveryPathEchoOnPostAnd405Otherwise(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, HelloRoutes.create(), o -> { });
             RawClient c = server.connect()) {
            for (String path : new String[] {"/", "/plaintext", "/any/other/path", "/a/"}) {
                RawClient.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(200, r.status(), path);
                assertEquals("Hello, World!", r.text(), path);
                assertEquals("text/plain", r.header("Content-Type"), path);
            }
            RawClient.Response head = c.send("HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals("13", head.header("Content-Length"));
            for (String path : new String[] {"/", "/plaintext", "/x/y"}) {
                RawClient.Response echo = c.send("POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: text/x\r\n"
                        + "Content-Length: 3\r\n\r\nabc").read();
                assertEquals("abc", echo.text(), path);
                assertEquals("text/x", echo.header("Content-Type"), path);
            }
            RawClient.Response refused = c.send("DELETE /x HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(405, refused.status());
            assertEquals("GET, HEAD, OPTIONS, POST, PUT", refused.header("Allow"));
        }
    }
}
