package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import support.RawClient;

class CliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheServeOptions() {
        Run help = run("serve", "--help");
        assertEquals(0, help.code());
        for (String option : new String[] {"--host", "--port", "--workers", "--backlog", "--io", "--log-level",
                "--max-connections", "--max-body", "--max-buffered-bodies", "--max-buffer-memory", "--write-timeout",
                "--handler-timeout", "--output-bound", "--max-blocking", "--slow-handler-warning", "--root", "--index",
                "--list-dirs", "--cache-control", "--follow-symlinks", "--spa", "--open-file-cache"}) {
            assertTrue(help.out().contains(option), option + " in\n" + help.out());
        }
        assertEquals(0, run("--help").code());
    }

    @Test
    void versionNamesSkepAndTheJdk() {
        Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("skep "), version.out());
        assertTrue(version.out().contains("JDK " + Runtime.version().feature()), version.out());
    }

    @Test
    void badOptionsExitWith2AndSayWhatIsWrong() {
        Run unknown = run("serve", "--bogus");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());
        Run io = run("serve", "--io", "kqueue");
        assertEquals(2, io.code());
        assertTrue(io.err().contains("unknown I/O backend 'kqueue'"), io.err());
        assertEquals(2, run("serve", "--port", "70000").code());
        assertEquals(2, run("serve", "--workers", "0").code());
        assertEquals(2, run("serve", "--output-bound", "100").code());
        assertEquals(2, run("serve", "--handler-timeout", "0").code());
        assertEquals(2, run("serve", "--max-blocking", "-1").code());
        assertEquals(2, run("serve", "--slow-handler-warning", "-5").code());
        assertEquals(2, run("serve", "--log-level", "loud").code());
        assertEquals(2, run().code());
    }

    @Test
    void aMissingRootIsAClearErrorWithExit2(@TempDir Path dir) throws Exception {
        Run missing = run("serve", "--port", "0", "--root", dir.resolve("nope").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("--root " + dir.resolve("nope") + ": no such directory"), missing.err());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        Run notADirectory = run("serve", "--port", "0", "--root", file.toString());
        assertEquals(2, notADirectory.code());
        assertTrue(notADirectory.err().contains("is not a directory"), notADirectory.err());
        Run badSpa = run("serve", "--port", "0", "--root", dir.toString(), "--spa", "../index.html");
        assertEquals(2, badSpa.code());
        assertTrue(badSpa.err().contains("spa must stay under the root"), badSpa.err());
        assertEquals(2, run("serve", "--root", dir.toString(), "--open-file-cache", "-1").code());
        assertEquals(2, run("serve", "--root", dir.toString(), "--cache-control", "a\u0001b").code());
    }

    /** The real process with --root: serves a file, the index, 404 for a dotfile; stops with exit code 0. */
    @Test
    void serveWithRootServesTheDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>home</p>");
        Files.writeString(dir.resolve("app.js"), "let x = 1;");
        Files.writeString(dir.resolve(".env"), "SECRET=1");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "cli.Main",
                "serve", "--host", "127.0.0.1", "--port", "0", "--workers", "1", "--root", dir.toString(),
                "--cache-control", "no-cache").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(line));
            assertTrue(port.find(), "start-up line: " + line);
            String files = out.readLine();
            assertTrue(files != null && files.contains("Serving files from " + dir.toRealPath()), files);
            try (RawClient c = new RawClient(Integer.parseInt(port.group(1)))) {
                RawClient.Response home = c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("<p>home</p>", home.text());
                assertEquals("no-cache", home.header("Cache-Control"));
                RawClient.Response js = c.send("GET /app.js HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("text/javascript; charset=utf-8", js.header("Content-Type"));
                assertEquals(404, c.send("GET /.env HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            process.toHandle().destroy();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stops within the shutdown timeout");
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    /** The real process: start on a free port, log one line, serve, stop on SIGTERM with exit code 0. */
    @Test
    void serveStartsLogsItsPortAndStopsCleanlyOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "cli.Main",
                "serve", "--host", "127.0.0.1", "--port", "0", "--workers", "2", "--io", "nio")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.contains("listening on"), "start-up line: " + line);
            Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/ \\(io=nio, workers=2, max-connections=\\d+, JDK 25").matcher(line);
            assertTrue(port.find(), line);
            try (RawClient c = new RawClient(Integer.parseInt(port.group(1)))) {
                RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals("Hello, World!", r.text());
            }
            process.toHandle().destroy(); // SIGTERM, leaving our end of its output open
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stops within the shutdown timeout");
            assertEquals(0, process.exitValue());
            StringBuilder rest = new StringBuilder();
            for (String more; (more = out.readLine()) != null; ) {
                rest.append(more).append('\n');
            }
            assertTrue(rest.toString().contains("Stopped"), rest.toString());
            assertTrue(!rest.toString().contains("WARNING"), "no JVM warning: " + rest);
        } finally {
            process.destroyForcibly();
        }
    }
}
