package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;
import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;

/**
 * Health and graceful stop of a real {@code skep serve} process, on every backend (issue 14): the admin
 * port's endpoints, SIGTERM's drain (readyz 503 at once, still serving during --drain-delay, then
 * {@code Connection: close} and requests in flight finished, exit 0), a second SIGTERM (exit 1 at once).
 */
class ServeDrainTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sigtermDrainsThenStopsGracefully(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        try (ServeProcess serve = ServeProcess.start(io, "--admin-port", "0", "--drain-delay", "2", "--shutdown-timeout", "20");
                RawClient keepAlive = new RawClient(serve.port); RawClient slow = new RawClient(serve.port)) {
            assertAdmin(serve, "/readyz", 200, "ready\n");
            assertAdmin(serve, "/livez", 200, "ok\n");
            RawClient.Response metrics = admin(serve, "/metrics");
            assertEquals(200, metrics.status(), "/metrics on the admin port");
            assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.header("Content-Type"));
            assertTrue(metrics.text().contains("\nskep_connections_open "), metrics.text());
            try (RawClient main = new RawClient(serve.port)) {
                assertEquals("Hello, World!", get(main, "/readyz").text(), "the main port serves only the application");
            }
            assertEquals(List.of("127.0.0.1"), listeningAddresses(serve.adminPort), "admin on 127.0.0.1 by default");

            assertNull(get(keepAlive, "/").header("Connection"), "keep-alive before the stop");
            // A request in flight: its head and part of its body are in; the rest comes after the stop began.
            assertEquals("Hello, World!", get(slow, "/").text(), "the slow connection is accepted and served");
            slow.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhe");

            serve.process.toHandle().destroy(); // SIGTERM
            Await.until("/readyz to answer 503 after SIGTERM", () -> statusOrMinus(serve, "/readyz") == 503);
            assertAdmin(serve, "/readyz", 503, "draining\n");
            try (RawClient fresh = new RawClient(serve.port)) {
                RawClient.Response r = get(fresh, "/");
                assertEquals("Hello, World!", r.text(), "a new connection is still served during --drain-delay");
                assertEquals("close", r.header("Connection"), "and asked to close: the client reconnects elsewhere");
            }
            assertAdmin(serve, "/livez", 200, "ok\n");

            Await.until("the main port to stop accepting after the drain delay", () -> refused(serve.port));
            RawClient.Response next = get(keepAlive, "/");
            assertEquals("Hello, World!", next.text(), "an open keep-alive connection is answered");
            assertEquals("close", next.header("Connection"), "with Connection: close once the stop began");
            assertTrue(serve.process.isAlive(), "the process waits for the request in flight");

            RawClient.Response late = slow.send("llo").read();
            assertEquals(200, late.status(), "the request in flight completes");
            assertEquals("hello", late.text());
            assertEquals("close", late.header("Connection"));

            assertTrue(serve.process.waitFor(20, TimeUnit.SECONDS), "exits once nothing is in flight");
            assertEquals(0, serve.process.exitValue(), serve.output());
            assertTrue(serve.output().contains("Draining"), serve.output());
            assertTrue(serve.output().contains("Stopped"), serve.output());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSecondSigtermStopsAtOnceWithStatus1(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        try (ServeProcess serve = ServeProcess.start(io, "--admin-port", "0", "--drain-delay", "600")) {
            serve.process.toHandle().destroy();
            Await.until("/readyz to answer 503 after SIGTERM", () -> statusOrMinus(serve, "/readyz") == 503);
            serve.process.toHandle().destroy();
            assertTrue(serve.process.waitFor(10, TimeUnit.SECONDS), "the second SIGTERM cuts the 600 s delay short");
            assertEquals(1, serve.process.exitValue(), serve.output());
            Await.until("the log line", () -> serve.output().contains("Second stop request"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void drainDelayZeroStopsAtOnceAndAdminHostIsUsed(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        try (ServeProcess serve = ServeProcess.start(io, "--admin-port", "0", "--admin-host", "127.0.0.2", "--drain-delay", "0")) {
            assertEquals(List.of("127.0.0.2"), listeningAddresses(serve.adminPort), "--admin-host");
            long sent = System.nanoTime();
            serve.process.toHandle().destroy();
            assertTrue(serve.process.waitFor(20, TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertEquals(0, serve.process.exitValue(), serve.output());
            assertTrue(millis < 4_500, "no drain delay (the default is 5 s): exited after " + millis + " ms");
        }
    }

    @Test
    void theOptionsAreInTheHelpAndBadValuesExitWith2() {
        StringWriter out = new StringWriter();
        CommandLine help = Main.commandLine();
        help.setOut(new PrintWriter(out));
        assertEquals(0, help.execute("serve", "--help"));
        for (String option : new String[] {"--admin-port", "--admin-host", "--drain-delay", "--shutdown-timeout"}) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
        CommandLine bad = Main.commandLine();
        bad.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, bad.execute("serve", "--port", "0", "--drain-delay", "-1"));
        assertEquals(2, bad.execute("serve", "--port", "0", "--admin-port", "70000"));
        assertEquals(2, bad.execute("serve", "--port", "0", "--admin-port", "x"));
    }

    private static void assertAdmin(ServeProcess serve, String path, int status, String body) throws IOException {
        RawClient.Response r = admin(serve, path);
        assertEquals(status, r.status(), path);
        assertEquals(body, r.text(), path);
        assertEquals("no-store", r.header("Cache-Control"), path);
    }

    private static RawClient.Response admin(ServeProcess serve, String path) throws IOException {
        try (RawClient c = new RawClient(serve.adminPort)) {
            return get(c, path);
        }
    }

    private static int statusOrMinus(ServeProcess serve, String path) {
        try {
            return admin(serve, path).status();
        } catch (IOException e) {
            return -1;
        }
    }

    private static RawClient.Response get(RawClient c, String target) throws IOException {
        return c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
    }

    private static boolean refused(int port) {
        try (RawClient probe = new RawClient(port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The local addresses of the sockets listening on {@code port} (IPv4-mapped IPv6 shown as IPv4). */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> found = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("0A")) { // 0A: LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                if (Integer.parseInt(local[1], 16) != port) {
                    continue;
                }
                String hex = local[0];
                String v4 = hex.length() == 8 ? hex : hex.startsWith("0000000000000000FFFF0000") ? hex.substring(24) : null;
                if (v4 == null) {
                    found.add("IPv6 " + hex);
                } else {
                    long a = Long.parseLong(v4, 16); // little-endian
                    found.add((a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff));
                }
            }
        }
        return found;
    }
}
