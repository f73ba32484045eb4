package bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import platform.IoMode;
import support.TestServer;

/** {@code skep bench}: reading wrk's results, and real runs of wrk against Skep. */
class BenchTest {
    private static final long FIXTURE_REQUESTS = 202_645;
    private static final long FIXTURE_DURATION_US = 2_005_117;

    /** Captured from a real run: wrk 4.1.0 with bench/skep-wrk.lua against skep serve, -t2 -c50 -d2s. */
    static String capturedOutput() throws IOException {
        try (InputStream in = Objects.requireNonNull(BenchTest.class.getResourceAsStream("/bench/wrk-output.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theScriptsJsonLineIsReadFromRealWrkOutput() throws IOException {
        WrkResult r = WrkResult.fromOutput(capturedOutput());
        assertEquals(FIXTURE_REQUESTS, r.requests());
        assertEquals(FIXTURE_DURATION_US, r.durationMicros());
        assertEquals(0, r.errors());
        assertTrue(r.latencyMin() <= r.p50() && r.p50() <= r.p75() && r.p75() <= r.p90() && r.p90() <= r.p99()
                && r.p99() <= r.p999() && r.p999() <= r.p9999() && r.p9999() <= r.latencyMax(), r.toString());
        // wrk's own summary line in the same output says "Requests/sec: 101063.93": the rate must agree with it
        assertEquals(101_063.93, r.requestsPerSecond(), 0.005);
    }

    /**
     * Captured from wrk with 16 requests per write: its histogram then reports 0 for the upper percentiles,
     * which are read as unknown (shown as n/a), never as a latency of 0.
     */
    @Test
    void percentilesWrkCouldNotMeasureAreUnknownNotZero() throws IOException {
        String line;
        try (InputStream in = Objects.requireNonNull(BenchTest.class.getResourceAsStream("/bench/wrk-output-pipelined.txt"))) {
            line = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        WrkResult r = WrkResult.fromOutput(line);
        assertEquals(105, r.p50());
        assertTrue(Double.isNaN(r.p99()) && Double.isNaN(r.p9999()), r.toString());
        assertEquals("n/a", Reports.millis(r.p99()));
    }

    @Test
    void outputWithoutTheScriptsLineIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WrkResult.fromOutput("Running 1s test @ http://x/\n  2 threads and 10 connections\n"));
        assertTrue(e.getMessage().contains("no result line"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WrkResult.fromOutput("{\"skep_wrk\":1,\"requests\":x}"));
    }

    @Test
    void chartScalesAreRoundNumbers() {
        assertEquals(200_000, SvgChart.niceCeiling(137_000));
        assertEquals(5, SvgChart.niceCeiling(3.1));
        assertEquals(1, SvgChart.niceCeiling(0));
        assertEquals("137k", SvgChart.compact(137_000));
        assertEquals("1.5M", SvgChart.compact(1_500_000));
        assertEquals("3.1", SvgChart.compact(3.1));
    }

    /** A real wrk run against a Skep server in this JVM, through the command line, with 1-second runs. */
    @Test
    void benchAgainstARunningServerWritesReportsWithPlausibleNumbers(@TempDir Path out) throws Exception {
        assumeTrue(Wrk.onPath("wrk") != null, "wrk is not installed (scripts/test.sh installs it where it can)");
        try (TestServer server = TestServer.start(IoMode.AUTO)) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            int status = runCli("bench", "--url", url, "--connections", "4,16", "--threads", "2",
                    "--duration", "1s", "--warmup", "0", "--out", out.toString());
            assertEquals(0, status);
        }
        List<Long> requests = numbers(Files.readString(out.resolve("report.json")), "\"requests\": (\\d+)");
        assertEquals(2, requests.size());
        assertTrue(requests.stream().allMatch(n -> n > 100), "requests per run: " + requests);
        assertEquals(List.of(0L, 0L), numbers(Files.readString(out.resolve("report.json")), "\"total\": (\\d+)"));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| 4 | http://127.0.0.1:") && md.contains("| 16 | http://127.0.0.1:"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<polyline") && html.contains("Latency at 16 connections"), "charts in the page");
        assertTrue(Files.readString(out.resolve("throughput.svg")).startsWith("<svg"));
    }

    /** A server that answers 500: the errors are counted, called out in every report, and the exit status is 1. */
    @Test
    void errorsAreReportedNotAveragedAway(@TempDir Path out) throws Exception {
        assumeTrue(Wrk.onPath("wrk") != null, "wrk is not installed (scripts/test.sh installs it where it can)");
        http.Handler failing = (request, response) -> response.status(http.Status.INTERNAL_SERVER_ERROR).body("no");
        try (TestServer server = TestServer.start(IoMode.AUTO, failing, o -> { })) {
            int status = runCli("bench", "--url", "http://127.0.0.1:" + server.port() + "/", "--connections", "4",
                    "--threads", "1", "--duration", "1s", "--warmup", "0", "--out", out.toString());
            assertEquals(1, status);
        }
        String json = Files.readString(out.resolve("report.json"));
        long requests = numbers(json, "\"requests\": (\\d+)").getFirst();
        assertEquals(List.of(requests), numbers(json, "\"status\": (\\d+)"), "every answer counted as an error");
        assertTrue(Files.readString(out.resolve("report.md")).contains("**ERRORS in 1 run(s):**"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("class=\"banner\""));
    }

    /**
     * --path and --header reach the server with every request: a handler that answers 200 only to GET /1k with
     * both headers (and 500 otherwise) sees no error, and the reports name the URL with its path.
     */
    @Test
    void everyRequestCarriesThePathAndHeadersGiven(@TempDir Path out) throws Exception {
        assumeTrue(Wrk.onPath("wrk") != null, "wrk is not installed (scripts/test.sh installs it where it can)");
        http.Handler picky = (request, response) -> {
            boolean right = request.path().equals("/1k") && "\"5f3a-400\"".equals(request.header("If-None-Match"))
                    && "yes".equals(request.header("X-Bench"));
            response.status(right ? http.Status.OK : http.Status.INTERNAL_SERVER_ERROR).body(right ? "ok" : "wrong");
        };
        try (TestServer server = TestServer.start(IoMode.AUTO, picky, o -> { })) {
            String origin = "http://127.0.0.1:" + server.port();
            int status = runCli("bench", "--url", origin + "/", "--path", "/1k",
                    "--header", "If-None-Match: \"5f3a-400\"", "--header", "X-Bench: yes",
                    "--connections", "4", "--threads", "1", "--duration", "1s", "--warmup", "0", "--out", out.toString());
            String json = Files.readString(out.resolve("report.json"));
            assertEquals(0, status, json);
            assertTrue(json.contains("\"url\": \"" + origin + "/1k\""), json);
            assertTrue(numbers(json, "\"requests\": (\\d+)").getFirst() > 100, json);
            assertEquals(List.of(0L), numbers(json, "\"total\": (\\d+)"), json);
        }
    }

    /** Without --url, bench starts Skep itself for each worker count, and stops it. */
    @Test
    void benchStartsAndStopsItsOwnServers(@TempDir Path out) throws Exception {
        assumeTrue(Wrk.onPath("wrk") != null, "wrk is not installed (scripts/test.sh installs it where it can)");
        int status = runCli("bench", "--workers", "1,2", "--connections", "8", "--threads", "2",
                "--duration", "1s", "--warmup", "1s", "--out", out.toString());
        assertEquals(0, status);
        String json = Files.readString(out.resolve("report.json"));
        assertTrue(json.contains("\"target\": \"skep workers=1\", \"workers\": 1")
                && json.contains("\"target\": \"skep workers=2\", \"workers\": 2"), json);
        assertTrue(numbers(json, "\"requests\": (\\d+)").stream().allMatch(n -> n > 100), json);
        assertTrue(json.matches("(?s).*\"url\": \"http://127\\.0\\.0\\.1:\\d+" + BenchPlan.DEFAULT_PATH + "\".*"),
                "without --path the started servers are loaded at " + BenchPlan.DEFAULT_PATH + ": " + json);
        assertTrue(Files.readString(out.resolve("report.md")).contains("| **skep workers="), "best worker count in bold");
    }

    /** No wrk on the PATH: one line that says how to install it, and exit status 2. */
    @Test
    void withoutWrkItSaysHowToInstallItAndExits2(@TempDir Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "cli.Main", "bench", "--url", "http://127.0.0.1:9/",
                "--out", out.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", out.toString());
        pb.environment().remove("SKEP_WRK");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.contains("apt-get install wrk") && output.contains("brew install wrk"), output);
        assertEquals(1, output.strip().lines().count(), output);
    }

    @Test
    void badOptionsAreRefusedWithExitStatus2() throws Exception {
        assertEquals(2, runCli("bench", "--url", "ftp://x/"));
        assertEquals(2, runCli("bench", "--pipeline", "16", "--close"));
        assertEquals(2, runCli("bench", "--url", "http://127.0.0.1:1/", "--workers", "2"));
        assertEquals(2, runCli("bench", "--duration", "soon"));
        assertEquals(2, runCli("bench", "--compare", "nginx=localhost:80"));
        assertEquals(2, runCli("bench", "--path", "1k"));
        assertEquals(2, runCli("bench", "--path", "/a b"));
        assertEquals(2, runCli("bench", "--url", "http://127.0.0.1:1/other", "--path", "/1k"));
        assertEquals(2, runCli("bench", "--path", "/1k", "--compare", "nginx=http://127.0.0.1:1/x"));
        assertEquals(2, runCli("bench", "--header", "If-None-Match"));
        assertEquals(2, runCli("bench", "--header", "Bad Name: x"));
        assertEquals(2, runCli("bench", "--header", "X-Empty:"));
    }

    /** Reports from runs built on the captured result, for tests that look at the pages themselves. */
    static void writeSampleReports(Path out) throws IOException {
        WrkResult r = WrkResult.fromOutput(capturedOutput());
        List<Run> runs = new ArrayList<>();
        for (int connections : List.of(50, 200)) {
            for (int workers : List.of(1, 2)) {
                runs.add(new Run("skep workers=" + workers, workers, "http://127.0.0.1:1/", connections, 2,
                        scaled(r, 1.0 + workers * 0.3 + connections / 400.0)));
            }
            runs.add(new Run("nginx", 0, "http://127.0.0.1:2/", connections, 2, scaled(r, 0.8)));
        }
        BenchPlan plan = new BenchPlan(null, List.of(1, 2), List.of(50, 200), 2, Duration.ofSeconds(2),
                Duration.ZERO, Map.of("nginx", "http://127.0.0.1:2/"), out, 1, false, List.of(), null, List.of());
        Reports.write(plan, runs, Machine.facts("test"));
    }

    /** The same run with its request count and latencies scaled, so that sample lines do not overlap. */
    private static WrkResult scaled(WrkResult r, double f) {
        return new WrkResult(Math.round(r.requests() * f), r.durationMicros(), r.bytes(), 0, 0, 0, 0, 0,
                r.latencyMin() / f, r.latencyMean() / f, r.latencyStdev(), r.latencyMax() / f, r.p50() / f,
                r.p75() / f, r.p90() / f, r.p99() / f, r.p999() / f, r.p9999() / f);
    }

    private static int runCli(String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            return cli.MainAccess.execute(args);
        } finally {
            System.setOut(originalOut);
            System.out.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<Long> numbers(String text, String regex) {
        List<Long> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        return found;
    }
}
