package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;
import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;

/**
 * The access log options of a real {@code skep serve} process, on every backend: {@code --access-log FILE}
 * with an excluded path, rotation by {@code mv} and SIGHUP, the dropped-lines counter on {@code /metrics},
 * everything written by the time a graceful stop exits; {@code --access-log -} in JSON on standard output;
 * SIGHUP without an access log is not fatal; bad combinations exit 2.
 */
class ServeAccessLogTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void logsToAFileReopensOnSighupAndCountsDropsInTheMetrics(IoMode io, @TempDir Path dir) throws Exception {
        Backends.assumeAvailable(io);
        Path file = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        try (ServeProcess serve = ServeProcess.start(io, "--access-log", file.toString(),
                "--access-log-exclude", "/readyz", "--admin-port", "0", "--drain-delay", "0")) {
            try (RawClient c = new RawClient(serve.port)) {
                get(c, "/before", "agent/1");
                get(c, "/readyz", "agent/1"); // the application's /readyz on the main port: excluded
            }
            Await.until("the first line in " + file, () -> lines(file).size() == 1);
            assertTrue(lines(file).get(0).matches(
                    "127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /before HTTP/1\\.1\" 200 13 \"-\" \"agent/1\" \\d+\\.\\d{3}"),
                    lines(file).get(0));

            Files.move(file, rotated);
            signal(serve.process, "HUP");
            Await.until("SIGHUP to be handled", () -> serve.output().contains("SIGHUP: reopening the access log"));
            try (RawClient c = new RawClient(serve.port)) {
                get(c, "/after", "agent/2");
            }
            Await.until("the line after the rotation in a new " + file, () -> lines(file).size() == 1);
            assertTrue(lines(file).get(0).contains("\"GET /after HTTP/1.1\" 200"), lines(file).get(0));
            assertEquals(1, lines(rotated).size(), "the rotated file keeps its line only");

            try (RawClient c = new RawClient(serve.adminPort)) {
                RawClient.Response metrics = c.send("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertTrue(metrics.text().contains("\nskep_access_log_dropped_total 0\n"), metrics.text());
            }
            try (RawClient c = new RawClient(serve.port)) {
                get(c, "/last", "agent/3");
            }
            serve.process.destroy(); // SIGTERM: the log is closed after the stop, every line written
            assertTrue(serve.process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, serve.process.exitValue(), serve.output());
            assertEquals(2, lines(file).size(), String.join("\n", lines(file)));
            assertTrue(lines(file).get(1).contains("\"GET /last HTTP/1.1\" 200 13 \"-\" \"agent/3\""));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void logsJsonToStandardOutput(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        try (ServeProcess serve = ServeProcess.start(io, "--access-log", "-", "--access-log-format", "json",
                "--drain-delay", "0")) {
            try (RawClient c = new RawClient(serve.port)) {
                get(c, "/json?q=1", "agent \"quoted\"");
            }
            Await.until("a JSON line on standard output", () -> serve.output().contains("{\"time\":"));
            String line = serve.output().lines().filter(l -> l.startsWith("{\"time\":")).findFirst().orElseThrow();
            assertTrue(line.matches("\\{\"time\":\"[0-9T:.-]+Z\",\"remote_addr\":\"127\\.0\\.0\\.1\",\"method\":\"GET\","
                    + "\"path\":\"/json\\?q=1\",\"protocol\":\"HTTP/1\\.1\",\"status\":200,\"body_bytes\":13,"
                    + "\"referer\":null,\"user_agent\":\"agent \\\\\"quoted\\\\\"\",\"request_time\":[0-9.E-]+,"
                    + "\"route\":\"/\\{path\\.\\.\\.}\"}"), line);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sighupWithoutAnAccessLogIsNotFatal(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        try (ServeProcess serve = ServeProcess.start(io, "--drain-delay", "0")) {
            signal(serve.process, "HUP");
            Await.until("SIGHUP to be handled", () -> serve.output().contains("SIGHUP: no access log to reopen"));
            try (RawClient c = new RawClient(serve.port)) {
                assertEquals("Hello, World!", get(c, "/", "agent").text(), "still serving after SIGHUP");
            }
            assertTrue(serve.process.isAlive());
        }
    }

    @Test
    void theOptionsAreInTheHelpAndBadCombinationsExitWith2(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CommandLine help = Main.commandLine();
        help.setOut(new PrintWriter(out));
        assertEquals(0, help.execute("serve", "--help"));
        for (String option : new String[] {"--access-log", "--access-log-format", "--access-log-exclude"}) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
        CommandLine bad = Main.commandLine();
        bad.setErr(new PrintWriter(new StringWriter()));
        String log = dir.resolve("a.log").toString();
        assertEquals(2, bad.execute("serve", "--port", "0", "--access-log", log, "--access-log-format", "xml"));
        assertEquals(2, bad.execute("serve", "--port", "0", "--access-log-exclude", "/readyz"));
        assertEquals(2, bad.execute("serve", "--port", "0", "--access-log", dir.resolve("no/such/dir/a.log").toString()));
    }

    private static RawClient.Response get(RawClient c, String target, String agent) throws IOException {
        return c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\nUser-Agent: " + agent + "\r\n\r\n").read();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void signal(Process process, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
    }
}
