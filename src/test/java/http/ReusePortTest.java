package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** {@code --reuse-port}: two servers on one port only when both ask for it, and then both serve. */
class ReusePortTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final int CONNECTIONS = 32;

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static TestServer named(IoMode io, String name, int port, boolean reusePort) throws IOException {
        return TestServer.start(io, (request, response) -> response.body(name),
                options -> options.port(port).reusePort(reusePort));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aPortInUseIsRefusedUnlessBothServersShareIt(IoMode io) throws Exception {
        try (TestServer first = named(io, "a", 0, false)) {
            IOException e = assertThrows(IOException.class, () -> named(io, "b", first.port(), true).close());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        try (TestServer first = named(io, "a", 0, true)) {
            IOException e = assertThrows(IOException.class, () -> named(io, "b", first.port(), false).close());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void twoServersWithReusePortShareNewConnections(IoMode io) throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try (TestServer a = named(io, "a", 0, true); TestServer b = named(io, "b", a.port(), true)) {
            int answeredByA = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                RawClient c = a.connect(); // same port as b
                clients.add(c);
                RawClient.Response r = c.send(GET).read();
                assertEquals(200, r.status());
                answeredByA += r.text().equals("a") ? 1 : 0;
            }
            // The kernel picks a listener by a hash of the connection: with 32 connections both get some
            // (all on one side has a chance of 2^-31).
            assertTrue(answeredByA > 0 && answeredByA < CONNECTIONS,
                    "a answered " + answeredByA + " of " + CONNECTIONS);
            assertEquals(CONNECTIONS, a.server.connections() + b.server.connections());

            b.close(); // the other server goes on alone on the shared port
            for (int i = 0; i < 8; i++) {
                try (RawClient c = a.connect()) {
                    assertEquals("a", c.send(GET).read().text());
                }
            }
        } finally {
            for (RawClient c : clients) {
                c.close();
            }
        }
    }
}
