package files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * curl against a real {@link StaticFiles} server (resolution, the open-file cache, the responder), on every
 * backend: resume, single and multipart ranges, HEAD, 405, ETag and date revalidation, 416, and precompressed
 * {@code .br}/{@code .gz} siblings (with raw sockets too, for the exact bytes and headers of the br sibling).
 */
class StaticFilesInteropTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");
    private static final String LAST_MODIFIED = "Fri, 02 Jan 2026 03:04:05 GMT";
    private static final byte[] BIG = TestSite.randomBytes(300_000, 17);
    private static final byte[] SMALL = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAGE = "<!doctype html><p>precompressed, twice</p>\n".repeat(300)
            .getBytes(StandardCharsets.UTF_8);
    private static final AtomicInteger CALLS = new AtomicInteger();

    @TempDir
    static Path site;
    @TempDir
    static Path downloads;

    @BeforeAll
    static void writeSite() throws IOException {
        TestSite.write(site, "big.bin", BIG, MODIFIED);
        TestSite.write(site, "small.txt", SMALL, MODIFIED);
        TestSite.write(site, "page.html", PAGE, MODIFIED);
        TestSite.write(site, "page.html.gz", TestSite.gzip(PAGE), MODIFIED);
        TestSite.write(site, "page.html.br", storedBrotli(PAGE), MODIFIED);
    }

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** What curl got: the status, the last header block (names in lower case), the body it wrote. */
    private record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Runs curl with {@code args} on {@code path}, writing the body to {@code out} (a fresh file when null). */
    private static Reply curl(TestServer server, String path, Path out, String... args) throws Exception {
        int n = CALLS.incrementAndGet();
        Path head = downloads.resolve("head" + n);
        Path body = out != null ? out : downloads.resolve("body" + n);
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "20", "-D", head.toString(),
                "-o", body.toString(), "-w", "%{http_code}"));
        command.addAll(List.of(args));
        command.add("http://127.0.0.1:" + server.port() + path);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl ends");
        assertEquals(0, p.exitValue(), "curl " + command);
        String[] blocks = Files.readString(head, StandardCharsets.ISO_8859_1).split("\r\n\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = blocks[blocks.length - 1].split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Reply(Integer.parseInt(code), headers, Files.exists(body) ? Files.readAllBytes(body) : new byte[0]);
    }

    private static TestServer start(IoMode io, StaticFiles files) throws IOException {
        Assumptions.assumeTrue(curlFeatures() != null, "curl is not installed: the curl tests are skipped");
        return TestServer.start(io, files, o -> { });
    }

    private static StaticFiles serveSite() throws IOException {
        return new StaticFiles(StaticFilesOptions.of(site));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void resumeAndRanges(IoMode io) throws Exception {
        try (StaticFiles files = serveSite(); TestServer server = start(io, files)) {
            Path partial = Files.write(downloads.resolve("big-" + io), Arrays.copyOf(BIG, 123_457));
            Reply resumed = curl(server, "/big.bin", partial, "-C", "-");
            assertEquals(206, resumed.status());
            assertEquals("bytes 123457-299999/300000", resumed.header("Content-Range"));
            assertArrayEquals(BIG, Files.readAllBytes(partial), "the resumed file is the original");

            Reply one = curl(server, "/big.bin", null, "-r", "1000-1009");
            assertEquals(206, one.status());
            assertEquals("bytes 1000-1009/300000", one.header("Content-Range"));
            assertEquals("10", one.header("Content-Length"));
            assertArrayEquals(Arrays.copyOfRange(BIG, 1000, 1010), one.body());

            Reply two = curl(server, "/small.txt", null, "-r", "0-1,5-6");
            assertEquals(206, two.status());
            assertNull(two.header("Content-Range"), "a multipart answer has a Content-Range per part only");
            String type = two.header("Content-Type");
            assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
            assertEquals(String.valueOf(two.body().length), two.header("Content-Length"));
            List<String[]> parts = multipart(two.body(), type.substring(type.indexOf('=') + 1));
            assertEquals(2, parts.size());
            assertPart(parts.get(0), "bytes 0-1/16", "01");
            assertPart(parts.get(1), "bytes 5-6/16", "56");

            Reply unsatisfiable = curl(server, "/small.txt", null, "-r", "100-200");
            assertEquals(416, unsatisfiable.status());
            assertEquals("bytes */16", unsatisfiable.header("Content-Range"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headMethodsAndRevalidation(IoMode io) throws Exception {
        try (StaticFiles files = serveSite(); TestServer server = start(io, files)) {
            for (String path : List.of("/big.bin", "/page.html")) {
                Reply get = curl(server, path, null);
                Reply head = curl(server, path, null, "-I");
                assertEquals(200, head.status());
                Map<String, String> getHeaders = new LinkedHashMap<>(get.headers());
                Map<String, String> headHeaders = new LinkedHashMap<>(head.headers());
                getHeaders.remove("date");
                headHeaders.remove("date");
                assertEquals(getHeaders, headHeaders, "HEAD has GET's headers");
            }
            Reply post = curl(server, "/small.txt", null, "-X", "POST");
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));

            Path etag = downloads.resolve("etag-" + io);
            Reply first = curl(server, "/big.bin", null, "--etag-save", etag.toString());
            assertEquals(200, first.status());
            assertEquals(first.header("ETag"), Files.readString(etag).trim(), "curl saved the server's ETag");
            Reply again = curl(server, "/big.bin", null, "--etag-compare", etag.toString());
            assertEquals(304, again.status());
            assertEquals(0, again.body().length);
            assertEquals(first.header("ETag"), again.header("ETag"));
            assertEquals(LAST_MODIFIED, again.header("Last-Modified"));
            assertEquals(304, curl(server, "/big.bin", null, "-H", "If-None-Match: W/" + first.header("ETag")).status(),
                    "If-None-Match compares weakly");
            assertEquals(200, curl(server, "/big.bin", null, "-H", "If-None-Match: \"other\"").status());

            assertEquals(304, curl(server, "/big.bin", null, "-z", LAST_MODIFIED).status());
            Reply changedSince = curl(server, "/big.bin", null, "-z", "Thu, 01 Jan 2026 00:00:00 GMT");
            assertEquals(200, changedSince.status());
            assertArrayEquals(BIG, changedSince.body());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void compressedPrefersTheSiblingCurlCanDecode(IoMode io) throws Exception {
        try (StaticFiles files = serveSite(); TestServer server = start(io, files)) {
            boolean brotli = curlFeatures().contains("brotli");
            Reply compressed = curl(server, "/page.html", null, "--compressed");
            assertEquals(200, compressed.status());
            String sibling = brotli ? "page.html.br" : "page.html.gz";
            assertEquals(brotli ? "br" : "gzip", compressed.header("Content-Encoding"));
            assertEquals(String.valueOf(Files.size(site.resolve(sibling))), compressed.header("Content-Length"));
            assertEquals("Accept-Encoding", compressed.header("Vary"));
            assertArrayEquals(PAGE, compressed.body(), "curl decoded the sibling to the original");
        }
    }

    /** Without curl's help: Accept-Encoding by hand gets each sibling's exact bytes and its own ETag. */
    @ParameterizedTest
    @MethodSource("backends")
    void acceptEncodingByHandGetsEachSiblingWithItsOwnEtag(IoMode io) throws Exception {
        try (StaticFiles files = serveSite(); TestServer server = TestServer.start(io, files, o -> { });
             RawClient c = server.connect()) {
            RawClient.Response plain = get(c, "/page.html", "");
            RawClient.Response br = get(c, "/page.html", "Accept-Encoding: br\r\n");
            RawClient.Response gz = get(c, "/page.html", "Accept-Encoding: gzip\r\n");
            RawClient.Response both = get(c, "/page.html", "Accept-Encoding: gzip, br\r\n");
            assertArrayEquals(PAGE, plain.body());
            assertNull(plain.header("Content-Encoding"));
            assertArrayEquals(Files.readAllBytes(site.resolve("page.html.br")), br.body());
            assertEquals("br", br.header("Content-Encoding"));
            assertArrayEquals(Files.readAllBytes(site.resolve("page.html.gz")), gz.body());
            assertEquals("gzip", gz.header("Content-Encoding"));
            assertEquals("br", both.header("Content-Encoding"), "br preferred at equal weight");
            for (RawClient.Response r : List.of(plain, br, gz)) {
                assertEquals("Accept-Encoding", r.header("Vary"));
                assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
            }
            assertNotEquals(plain.header("ETag"), br.header("ETag"));
            assertNotEquals(gz.header("ETag"), br.header("ETag"));
            assertEquals(304, get(c, "/page.html", "Accept-Encoding: br\r\nIf-None-Match: " + br.header("ETag")
                    + "\r\n").status());
            assertEquals(200, get(c, "/page.html", "Accept-Encoding: br\r\nIf-None-Match: " + plain.header("ETag")
                    + "\r\n").status(), "the br representation's validator is its own");
        }
    }

    private static RawClient.Response get(RawClient c, String path, String fields) throws IOException {
        return c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n" + fields + "\r\n").read();
    }

    /** The parts of a multipart body (RFC 2046): each its header text and its data. */
    private static List<String[]> multipart(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (text.startsWith("--")) {
            text = "\r\n" + text; // no preamble: the first delimiter has no CRLF before it
        }
        String[] pieces = text.split("\r\n--" + java.util.regex.Pattern.quote(boundary), -1);
        assertTrue(pieces[pieces.length - 1].startsWith("--"), "a closing delimiter ends the body");
        List<String[]> parts = new ArrayList<>();
        for (int i = 1; i < pieces.length - 1; i++) {
            int blank = pieces[i].indexOf("\r\n\r\n");
            assertTrue(pieces[i].startsWith("\r\n") && blank >= 0, "a part: " + pieces[i]);
            parts.add(new String[] {pieces[i].substring(2, blank), pieces[i].substring(blank + 4)});
        }
        return parts;
    }

    private static void assertPart(String[] part, String contentRange, String data) {
        assertTrue(part[0].contains("Content-Range: " + contentRange), part[0]);
        assertTrue(part[0].contains("Content-Type: text/plain; charset=utf-8"), part[0]);
        assertEquals(data, part[1]);
    }

    /**
     * A valid brotli stream holding {@code content} in one stored (uncompressed) meta-block (RFC 7932
     * section 9.2): WBITS 16, MNIBBLES 4, MLEN-1, ISUNCOMPRESSED, the bytes, then an empty last meta-block.
     * The JDK has no brotli encoder; this is enough for a client to decode it.
     */
    static byte[] storedBrotli(byte[] content) {
        assertTrue(content.length > 0 && content.length <= 65536);
        int bits = ((content.length - 1) << 4) | (1 << 20); // bit 0 WBITS=0, 1 ISLAST=0, 2-3 MNIBBLES=0
        byte[] out = new byte[3 + content.length + 1];
        out[0] = (byte) bits;
        out[1] = (byte) (bits >>> 8);
        out[2] = (byte) (bits >>> 16);
        System.arraycopy(content, 0, out, 3, content.length);
        out[out.length - 1] = 0x03; // ISLAST=1, ISLASTEMPTY=1
        return out;
    }

    /** curl's feature line, or null when curl is missing. */
    private static String curlFeatures() {
        try {
            Process p = new ProcessBuilder("curl", "-V").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out.lines().filter(l -> l.startsWith("Features:")).findFirst().orElse("").toLowerCase(Locale.ROOT);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
