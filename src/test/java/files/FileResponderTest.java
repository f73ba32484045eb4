package files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * FileResponder over real sockets on every backend: every status it answers (200, 206, 304, 412, 416, 405),
 * the headers of each, precompressed siblings, and the connection still good for the next request after
 * each answer; no descriptor of a served file stays open.
 */
class FileResponderTest {
    private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final String LAST_MODIFIED = "Fri, 02 Jan 2026 03:04:05 GMT";
    private static final byte[] CONTENT = TestSite.randomBytes(10_000, 1);
    private static final byte[] GZ = TestSite.gzip(CONTENT);
    private static final byte[] BR = TestSite.randomBytes(700, 2); // stands in for a brotli body
    private static final String ETAG = TestSite.etag(MODIFIED.toEpochMilli(), CONTENT.length);
    private static final String GZ_ETAG = TestSite.etag(MODIFIED.plusSeconds(60).toEpochMilli(), GZ.length);
    private static final String BR_ETAG = TestSite.etag(MODIFIED.plusSeconds(120).toEpochMilli(), BR.length);
    private static final byte[] PLAIN = TestSite.randomBytes(1000, 3);
    private static final String PLAIN_ETAG = TestSite.etag(MODIFIED.toEpochMilli(), PLAIN.length);

    @TempDir
    static Path dir;

    @BeforeAll
    static void site() throws IOException {
        TestSite.write(dir, "f.txt", CONTENT, MODIFIED);
        TestSite.write(dir, "f.txt.gz", GZ, MODIFIED.plusSeconds(60));
        TestSite.write(dir, "f.txt.br", BR, MODIFIED.plusSeconds(120));
        TestSite.write(dir, "plain.txt", PLAIN, MODIFIED);
        TestSite.write(dir, "empty.txt", new byte[0], MODIFIED);
    }

    @AfterEach
    void noFileLeftOpen() {
        TestSite.awaitAllClosed(dir);
    }

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static TestServer start(IoMode io) throws IOException {
        return TestServer.start(io, TestSite.handler(dir), o -> { });
    }

    private static String get(String path, String... headers) {
        return request("GET", path, headers);
    }

    private static String request(String method, String path, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: t\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** Sends {@code request}, reads its answer, then checks that the connection serves a plain GET after it. */
    private static RawClient.Response exchange(TestServer server, String request, boolean head) throws IOException {
        try (RawClient c = server.connect()) {
            c.send(request + get("/plain.txt"));
            RawClient.Response response = c.read(head);
            RawClient.Response next = c.read();
            assertEquals(200, next.status(), "the connection goes on after a " + response.status());
            assertArrayEquals(PLAIN, next.body(), "nothing of the first answer's body was left behind");
            return response;
        }
    }

    private static RawClient.Response exchange(TestServer server, String request) throws IOException {
        return exchange(server, request, false);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void getSendsTheFileWithItsHeadersAndHeadTheSameHeaders(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            RawClient.Response ok = exchange(server, get("/f.txt"));
            assertEquals(200, ok.status());
            assertArrayEquals(CONTENT, ok.body());
            assertEquals("text/plain; charset=utf-8", ok.header("content-type"));
            assertEquals(ETAG, ok.header("etag"));
            assertEquals(LAST_MODIFIED, ok.header("last-modified"));
            assertEquals("bytes", ok.header("accept-ranges"));
            assertEquals(TestSite.CACHE_CONTROL, ok.header("cache-control"));
            assertEquals("Accept-Encoding", ok.header("vary"));
            assertNull(ok.header("content-encoding"));

            RawClient.Response head = exchange(server, request("HEAD", "/f.txt"), true);
            assertEquals(200, head.status());
            assertEquals(withoutDate(ok.headers()), withoutDate(head.headers()), "HEAD has GET's headers");

            RawClient.Response plain = exchange(server, get("/plain.txt"));
            assertNull(plain.header("vary"), "no sibling: no Vary");
            RawClient.Response empty = exchange(server, get("/empty.txt", "Range: bytes=0-"));
            assertEquals(200, empty.status());
            assertEquals("0", empty.header("content-length"));
        }
    }

    private static java.util.Map<String, String> withoutDate(java.util.Map<String, String> headers) {
        java.util.Map<String, String> copy = new java.util.TreeMap<>(headers);
        copy.remove("date");
        return copy;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void otherMethodsGet405WithAllow(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
                RawClient.Response r = exchange(server, request(method, "/f.txt", "Content-Length: 0"));
                assertEquals(405, r.status(), method);
                assertEquals("GET, HEAD", r.header("allow"), method);
                assertNull(r.header("etag"), method);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void notModifiedCarriesTheValidatorsAndNoBody(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            for (String condition : new String[] {"If-None-Match: " + ETAG, "If-None-Match: W/" + ETAG,
                    "If-None-Match: \"x\", " + ETAG, "If-None-Match: *", "If-Modified-Since: " + LAST_MODIFIED,
                    "If-Modified-Since: Sat, 03 Jan 2026 00:00:00 GMT"}) {
                for (String method : new String[] {"GET", "HEAD"}) {
                    RawClient.Response r = exchange(server, request(method, "/f.txt", condition), true);
                    assertEquals(304, r.status(), method + " " + condition);
                    assertEquals(ETAG, r.header("etag"));
                    assertEquals(LAST_MODIFIED, r.header("last-modified"));
                    assertEquals(TestSite.CACHE_CONTROL, r.header("cache-control"));
                    assertEquals("Accept-Encoding", r.header("vary"));
                    assertNull(r.header("content-length"), "a 304 declares no body");
                    assertNull(r.header("content-type"));
                }
            }
            // a changed file, or an earlier date: the whole file
            assertEquals(200, exchange(server, get("/f.txt", "If-None-Match: \"other\"")).status());
            assertEquals(200, exchange(server, get("/f.txt", "If-Modified-Since: Fri, 02 Jan 2026 03:04:04 GMT"))
                    .status());
            assertEquals(200, exchange(server, get("/f.txt", "If-Modified-Since: yesterday")).status());
            // If-None-Match decides alone: a matching date does not make a 304
            assertEquals(200, exchange(server, get("/f.txt", "If-None-Match: \"other\"",
                    "If-Modified-Since: " + LAST_MODIFIED)).status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void failedPreconditionsGet412(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            for (String condition : new String[] {"If-Match: \"other\"", "If-Match: W/" + ETAG,
                    "If-Unmodified-Since: Fri, 02 Jan 2026 03:04:04 GMT"}) {
                RawClient.Response r = exchange(server, get("/f.txt", condition));
                assertEquals(412, r.status(), condition);
                assertEquals("Precondition Failed\n", r.text());
            }
            // If-Match fails first, though If-None-Match would answer 304
            assertEquals(412, exchange(server, get("/f.txt", "If-Match: \"other\"", "If-None-Match: " + ETAG))
                    .status());
            assertEquals(200, exchange(server, get("/f.txt", "If-Match: " + ETAG)).status());
            assertEquals(200, exchange(server, get("/f.txt", "If-Match: *")).status());
            assertEquals(200, exchange(server, get("/f.txt", "If-Unmodified-Since: " + LAST_MODIFIED)).status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oneRangeIs206WithContentRange(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            String[][] cases = {{"bytes=0-9", "0", "9"}, {"bytes=9990-", "9990", "9999"}, {"bytes=-25", "9975", "9999"},
                    {"bytes=5000-20000", "5000", "9999"}, {"bytes=-20000", "0", "9999"}, {"bytes=3-3", "3", "3"},
                    {"bytes=20000-, 100-199", "100", "199"}};
            for (String[] c : cases) {
                RawClient.Response r = exchange(server, get("/f.txt", "Range: " + c[0]));
                int first = Integer.parseInt(c[1]);
                int last = Integer.parseInt(c[2]);
                assertEquals(206, r.status(), c[0]);
                assertEquals("bytes " + first + "-" + last + "/10000", r.header("content-range"), c[0]);
                assertArrayEquals(Arrays.copyOfRange(CONTENT, first, last + 1), r.body(), c[0]);
                assertEquals(ETAG, r.header("etag"));
                assertEquals("text/plain; charset=utf-8", r.header("content-type"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unsatisfiableIs416WithTheLength(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            for (String range : new String[] {"bytes=10000-", "bytes=10000-10005", "bytes=-0", "bytes=20000-, 30000-"}) {
                RawClient.Response r = exchange(server, get("/f.txt", "Range: " + range));
                assertEquals(416, r.status(), range);
                assertEquals("bytes */10000", r.header("content-range"), range);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ignoredRangesGetTheWholeFile(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            for (String range : new String[] {"items=0-9", "bytes=9-0", "bytes=abc", "bytes=0-9,5-14", "bytes=0-,0-"}) {
                RawClient.Response r = exchange(server, get("/f.txt", "Range: " + range));
                assertEquals(200, r.status(), range);
                assertArrayEquals(CONTENT, r.body(), range);
                assertNull(r.header("content-range"));
            }
            RawClient.Response head = exchange(server, request("HEAD", "/f.txt", "Range: bytes=0-9"), true);
            assertEquals(200, head.status(), "Range is for GET only");
            assertEquals("10000", head.header("content-length"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void severalRangesAreMultipartByteranges(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            RawClient.Response r = exchange(server, get("/f.txt", "Range: bytes=9990-, 0-4, -3"));
            // -3 is 9997-9999: inside 9990-, so they overlap: a plain 200
            assertEquals(200, r.status());

            r = exchange(server, get("/f.txt", "Range: bytes=9990-9994, 0-4, 100-199"));
            assertEquals(206, r.status());
            String type = r.header("content-type");
            assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
            String boundary = type.substring(type.indexOf('=') + 1);
            byte[] expected = concat(
                    part(boundary, "9990-9994/10000"), Arrays.copyOfRange(CONTENT, 9990, 9995),
                    part(boundary, "0-4/10000"), Arrays.copyOfRange(CONTENT, 0, 5),
                    part(boundary, "100-199/10000"), Arrays.copyOfRange(CONTENT, 100, 200),
                    ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertArrayEquals(expected, r.body());
            assertNull(r.header("content-range"));
            assertEquals(ETAG, r.header("etag"));
        }
    }

    private static byte[] part(String boundary, String range) {
        return ("\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes " + range
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void ifRangeHonoursTheRangeOnlyForTheSameVersion(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            for (String same : new String[] {ETAG, LAST_MODIFIED}) {
                RawClient.Response r = exchange(server, get("/f.txt", "Range: bytes=0-9", "If-Range: " + same));
                assertEquals(206, r.status(), same);
                assertArrayEquals(Arrays.copyOf(CONTENT, 10), r.body());
            }
            for (String other : new String[] {"\"other\"", "W/" + ETAG, "Fri, 02 Jan 2026 03:04:06 GMT", "garbage"}) {
                RawClient.Response r = exchange(server, get("/f.txt", "Range: bytes=0-9", "If-Range: " + other));
                assertEquals(200, r.status(), other);
                assertArrayEquals(CONTENT, r.body(), other);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void precompressedSiblingsByAcceptEncoding(IoMode io) throws Exception {
        try (TestServer server = start(io)) {
            RawClient.Response br = exchange(server, get("/f.txt", "Accept-Encoding: gzip, deflate, br"));
            assertEquals(200, br.status());
            assertEquals("br", br.header("content-encoding"));
            assertArrayEquals(BR, br.body());
            assertEquals(BR_ETAG, br.header("etag"));
            assertEquals("Accept-Encoding", br.header("vary"));
            assertEquals("text/plain; charset=utf-8", br.header("content-type"), "the original's type");

            RawClient.Response gz = exchange(server, get("/f.txt", "Accept-Encoding: gzip, br;q=0"));
            assertEquals("gzip", gz.header("content-encoding"));
            assertArrayEquals(GZ, gz.body());
            assertEquals(GZ_ETAG, gz.header("etag"));

            for (String refused : new String[] {"Accept-Encoding: identity", "Accept-Encoding: gzip;q=0, br;q=0",
                    "Accept-Encoding: deflate", "Accept-Encoding:"}) {
                RawClient.Response plain = exchange(server, get("/f.txt", refused));
                assertNull(plain.header("content-encoding"), refused);
                assertArrayEquals(CONTENT, plain.body(), refused);
                assertEquals("Accept-Encoding", plain.header("vary"), refused);
            }

            // validators and ranges are those of the representation sent
            RawClient.Response notModified = exchange(server, get("/f.txt", "Accept-Encoding: gzip",
                    "If-None-Match: " + GZ_ETAG));
            assertEquals(304, notModified.status());
            assertEquals(GZ_ETAG, notModified.header("etag"));
            assertEquals(200, exchange(server, get("/f.txt", "Accept-Encoding: gzip", "If-None-Match: " + ETAG))
                    .status());
            RawClient.Response range = exchange(server, get("/f.txt", "Accept-Encoding: gzip", "Range: bytes=0-9",
                    "If-Range: " + GZ_ETAG));
            assertEquals(206, range.status());
            assertEquals("gzip", range.header("content-encoding"));
            assertEquals("bytes 0-9/" + GZ.length, range.header("content-range"));
            assertArrayEquals(Arrays.copyOf(GZ, 10), range.body());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anEntryWhoseFileWasClosedOpensItAgain(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, (request, response) -> {
            FileEntry entry = TestSite.entry(request, dir.resolve("plain.txt"));
            entry.file.close(); // evicted from the cache meanwhile
            FileResponder.respond(request, response, entry);
        }, o -> { }); RawClient c = server.connect()) {
            c.send(get("/plain.txt") + get("/plain.txt", "Range: bytes=1-2"));
            assertArrayEquals(PLAIN, c.read().body());
            RawClient.Response range = c.read();
            assertEquals(206, range.status());
            assertArrayEquals(Arrays.copyOfRange(PLAIN, 1, 3), range.body());
            assertEquals(PLAIN_ETAG, range.header("etag"));
        }
    }
}
