package files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.TestServer;

/**
 * curl against FileResponder on every backend: {@code -C -} resumes a partial download to the right bytes,
 * {@code -r} fetches a range, {@code --compressed} gets the {@code .gz} sibling and decodes it to the
 * original, {@code -z} makes a conditional request (304, or the file when it changed since).
 */
class CurlInteropTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] BIG = TestSite.randomBytes(300_000, 11);
    private static final byte[] PAGE = ("<!doctype html><title>t</title>" + "<p>hello, static world</p>\n".repeat(500))
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path site;
    @TempDir
    Path downloads;

    @BeforeAll
    static void files() throws IOException {
        TestSite.write(site, "big.bin", BIG, MODIFIED);
        TestSite.write(site, "page.html", PAGE, MODIFIED);
        TestSite.write(site, "page.html.gz", TestSite.gzip(PAGE), MODIFIED);
    }

    @AfterEach
    void noFileLeftOpen() {
        TestSite.awaitAllClosed(site);
    }

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** Runs curl with {@code args}; its standard output, after checking it exited 0. */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "20"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl ends");
        assertEquals(0, p.exitValue(), "curl " + command + ": " + out);
        return out;
    }

    private static TestServer start(IoMode io) throws IOException {
        Assumptions.assumeTrue(curlAvailable(), "curl is not installed: the curl tests are skipped");
        return TestServer.start(io, TestSite.handler(site), o -> { });
    }

    @ParameterizedTest
    @MethodSource("backends")
    void continueAtResumesAPartialDownload(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            Path partial = Files.write(downloads.resolve("big.bin"), Arrays.copyOf(BIG, 123_457));
            String code = curl("-C", "-", "-o", partial.toString(), "-w", "%{http_code}",
                    "http://127.0.0.1:" + server.port() + "/big.bin");
            assertEquals("206", code);
            assertArrayEquals(BIG, Files.readAllBytes(partial), "the resumed file is the original");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rangeFetchesTheBytesAsked(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            Path out = downloads.resolve("r");
            String code = curl("-r", "0-9", "-o", out.toString(), "-w", "%{http_code}",
                    "http://127.0.0.1:" + server.port() + "/big.bin");
            assertEquals("206", code);
            assertArrayEquals(Arrays.copyOf(BIG, 10), Files.readAllBytes(out));
            code = curl("-r", "-5", "-o", out.toString(), "-w", "%{http_code}",
                    "http://127.0.0.1:" + server.port() + "/big.bin");
            assertEquals("206", code);
            assertArrayEquals(Arrays.copyOfRange(BIG, BIG.length - 5, BIG.length), Files.readAllBytes(out));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void compressedGetsTheGzipSiblingDecoded(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            Path out = downloads.resolve("page.html");
            String headers = curl("--compressed", "-D", "-", "-o", out.toString(),
                    "http://127.0.0.1:" + server.port() + "/page.html").toLowerCase(java.util.Locale.ROOT);
            assertTrue(headers.contains("content-encoding: gzip"), headers);
            assertTrue(headers.contains("content-length: " + Files.size(site.resolve("page.html.gz"))), headers);
            assertArrayEquals(PAGE, Files.readAllBytes(out));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void conditionalGetWithTimeCondition(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            String url = "http://127.0.0.1:" + server.port() + "/page.html";
            Path out = downloads.resolve("z");
            assertEquals("304", curl("-z", "Fri, 02 Jan 2026 03:04:05 GMT", "-o", out.toString(), "-w",
                    "%{http_code}", url));
            assertEquals("200", curl("-z", "Thu, 01 Jan 2026 00:00:00 GMT", "-o", out.toString(), "-w",
                    "%{http_code}", url));
            assertArrayEquals(PAGE, Files.readAllBytes(out));
        }
    }

    private static boolean curlAvailable() {
        try {
            Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
