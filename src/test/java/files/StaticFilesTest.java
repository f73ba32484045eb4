package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import route.Router;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** The static-files handler over real sockets, on every backend: resolution, safety, directories, the cache. */
class StaticFilesTest {
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

    @TempDir
    Path base;
    Path root;

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** base/secret.txt (outside), base/www (the root) with files, a directory with an index, dotfiles. */
    private void site() throws IOException {
        Files.writeString(base.resolve("secret.txt"), SECRET);
        root = Files.createDirectory(base.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hello, files\n");
        Files.writeString(root.resolve("style.css"), "body { color: teal }\n");
        Files.createDirectory(root.resolve("docs"));
        Files.writeString(root.resolve("docs").resolve("index.html"), "<h1>docs</h1>\n");
        Files.createDirectory(root.resolve("bare"));
        Files.writeString(root.resolve("bare").resolve("b.txt"), "b");
        Files.writeString(root.resolve("bare").resolve("<a href=x>&amp;'\".txt"), "tricky");
        Files.createDirectory(root.resolve("bare").resolve("sub dir"));
        Files.writeString(root.resolve(".env"), "SECRET=" + SECRET);
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git").resolve("config"), SECRET);
        Files.writeString(root.resolve("%2e%2e"), "a file literally named %2e%2e"); // decoded once: reachable
    }

    private TestServer serve(IoMode io, StaticFiles files) throws IOException {
        return TestServer.start(io, files, o -> { });
    }

    private static RawClient.Response get(RawClient c, String target) throws IOException {
        return c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
    }

    private static RawClient.Response getOnce(TestServer server, String target) throws IOException {
        try (RawClient c = server.connect()) {
            return get(c, target);
        }
    }

    static Stream<String> attacks() {
        return Stream.of("/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/%2e%2E/secret.txt", "/.%2e/secret.txt", "/..;/secret.txt",
                "/docs/..;/..;/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%C0%AE%C0%AE/%C0%AE%C0%AE/secret.txt",
                "/%e0%80%ae%e0%80%ae/secret.txt", "/..%00/secret.txt", "/hello.txt%00.png", "/%00",
                "/..\\secret.txt", "/..%5csecret.txt", "/..%5Csecret.txt", "/%2e%2e%5csecret.txt",
                "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/docs%2f..%2f..%2fsecret.txt", "/.env", "/.git/config",
                "/%2eenv", "/%2egit/config", "/docs/./../../secret.txt", "//../secret.txt");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyUnsafeSpellingGets400Or404AndNeverAFileOutsideTheRoot(IoMode io) throws Exception {
        site();
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withSpa("hello.txt"));
             TestServer server = serve(io, files)) {
            for (String attack : attacks().toList()) {
                RawClient.Response r;
                try (RawClient c = server.connect()) {
                    c.send("GET " + attack + " HTTP/1.1\r\nHost: t\r\n\r\n");
                    r = c.read();
                }
                assertTrue(r.status() == 400 || r.status() == 404, attack + " -> " + r.status());
                assertFalse(r.text().contains(SECRET), attack + " leaked: " + r.text());
                assertFalse(r.text().contains("hello, files"), attack + " is refused, not given the SPA file");
            }
            // decoded exactly once: %252e%252e names the file "%2e%2e" in the root, not a parent directory
            assertEquals("a file literally named %2e%2e", getOnce(server, "/%252e%252e").text());
            assertEquals("hello, files\n", getOnce(server, "/%252e%252e/secret.txt").text(),
                    "under the literal name: no such file, so the SPA file");
        }
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files)) {
            assertEquals(404, getOnce(server, "/%252e%252e/secret.txt").status());
            assertEquals(404, getOnce(server, "/%252e%252e%252fsecret.txt").status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFileComesWithTypeLengthEtagLastModifiedAndCacheControl(IoMode io) throws Exception {
        site();
        Files.setLastModifiedTime(root.resolve("style.css"), FileTime.fromMillis(1_700_000_000_000L));
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withCacheControl("max-age=60"));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            for (int i = 0; i < 3; i++) { // the first opens, the others hit the cache
                RawClient.Response r = get(c, "/style.css");
                assertEquals(200, r.status());
                assertEquals("body { color: teal }\n", r.text());
                assertEquals("text/css; charset=utf-8", r.header("Content-Type"));
                assertEquals("\"6553f100-15\"", r.header("ETag"), "nginx's format: mtime and length in hex");
                assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", r.header("Last-Modified"));
                assertEquals("bytes", r.header("Accept-Ranges"));
                assertEquals("max-age=60", r.header("Cache-Control"));
                assertNull(r.header("Vary"), "no precompressed sibling");
            }
            RawClient.Response head = c.send("HEAD /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"));
            assertEquals("hello, files\n", get(c, "/hello.txt").text(), "the connection goes on after HEAD");
            RawClient.Response post = c.send("POST /hello.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").read();
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFileAskedForAsADirectoryIs404(IoMode io) throws Exception {
        site();
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            assertEquals(200, get(c, "/hello.txt").status(), "cached first: the slash must not hit that entry");
            assertEquals(404, get(c, "/hello.txt/").status());
            assertEquals(404, get(c, "/docs/index.html/").status());
        }
    }

    /** Through the whole handler: FileResponder's semantics on the cached entry (siblings, 304, a range). */
    @ParameterizedTest
    @MethodSource("backends")
    void theResponderAnswersFromTheCachedEntry(IoMode io) throws Exception {
        site();
        Files.writeString(root.resolve("app.js"), "let answer = 42;\n");
        Files.writeString(root.resolve("app.js.gz"), "pretend-gzip");
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            RawClient.Response plain = get(c, "/app.js");
            assertEquals("let answer = 42;\n", plain.text());
            assertEquals("Accept-Encoding", plain.header("Vary"));
            assertNull(plain.header("Content-Encoding"));
            RawClient.Response gzip = c.send("GET /app.js HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n").read();
            assertEquals("pretend-gzip", gzip.text());
            assertEquals("gzip", gzip.header("Content-Encoding"));
            assertEquals("text/javascript; charset=utf-8", gzip.header("Content-Type"));
            assertNotEquals(plain.header("ETag"), gzip.header("ETag"));
            RawClient.Response notModified = c.send("GET /app.js HTTP/1.1\r\nHost: t\r\nIf-None-Match: "
                    + plain.header("ETag") + "\r\n\r\n").read();
            assertEquals(304, notModified.status());
            RawClient.Response range = c.send("GET /hello.txt HTTP/1.1\r\nHost: t\r\nRange: bytes=0-4\r\n\r\n").read();
            assertEquals(206, range.status());
            assertEquals("hello", range.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSymlinkOutOfTheRootIs404UnlessSymlinksAreFollowed(IoMode io) throws Exception {
        site();
        Files.createSymbolicLink(root.resolve("link.txt"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outdir"), base);
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("hello.txt"));
        Files.writeString(root.resolve("content"), "<p>linked</p>");
        Files.createSymbolicLink(root.resolve("page.html"), root.resolve("content"));
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withSpa("hello.txt"));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            assertEquals(404, get(c, "/link.txt").status());
            assertEquals(404, get(c, "/outdir/secret.txt").status());
            RawClient.Response inside = get(c, "/inside.txt");
            assertEquals(200, inside.status(), "a link that stays inside the root is served");
            assertEquals("hello, files\n", inside.text());
            RawClient.Response page = get(c, "/page.html");
            assertEquals("<p>linked</p>", page.text());
            assertEquals("text/html; charset=utf-8", page.header("Content-Type"), "the type of the name asked for");
        }
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withFollowSymlinks(true));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            RawClient.Response followed = get(c, "/link.txt");
            assertEquals(200, followed.status());
            assertEquals(SECRET, followed.text());
            assertEquals(SECRET, get(c, "/outdir/secret.txt").text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void directoriesRedirectGetTheirIndexAListingOr404(IoMode io) throws Exception {
        site();
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            RawClient.Response redirect = get(c, "/docs?x=1&y=%20");
            assertEquals(301, redirect.status());
            assertEquals("/docs/?x=1&y=%20", redirect.header("Location"));
            RawClient.Response protocolRelative = get(c, "//docs");
            assertEquals(301, protocolRelative.status());
            assertEquals("/docs/", protocolRelative.header("Location"), "never //host: an open redirect");
            RawClient.Response index = get(c, "/docs/");
            assertEquals(200, index.status());
            assertEquals("<h1>docs</h1>\n", index.text());
            assertEquals("text/html; charset=utf-8", index.header("Content-Type"));
            assertEquals(404, get(c, "/bare/").status(), "no index, no listing: 404");
            assertEquals(404, get(c, "/nothing.txt").status());
            assertEquals(404, get(c, "/hello.txt/x").status(), "a file is no directory");
            assertEquals(301, get(c, "/bare").status());
        }
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withListDirs(true));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            RawClient.Response listing = get(c, "/bare/");
            assertEquals(200, listing.status());
            assertEquals("text/html; charset=utf-8", listing.header("Content-Type"));
            String html = listing.text();
            assertTrue(html.contains("<a href=\"./%3Ca%20href%3Dx%3E%26amp%3B%27%22.txt\">&lt;a href=x&gt;&amp;amp;&#39;&quot;.txt</a>"), html);
            assertTrue(html.contains("<a href=\"./sub%20dir/\">sub dir/</a>"), html);
            assertTrue(html.indexOf(">b.txt<") < html.indexOf(">sub dir/<"), html);
            assertEquals("tricky", get(c, "/bare/%3Ca%20href%3Dx%3E%26amp%3B%27%22.txt").text(), "its link works");
            assertEquals("<h1>docs</h1>\n", get(c, "/docs/").text(), "an index wins over the listing");
            assertFalse(get(c, "/").text().contains(".env"), "dotfiles are not listed");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aPathThatMatchesNoFileGetsTheSpaFile(IoMode io) throws Exception {
        site();
        Files.writeString(root.resolve("app.html"), "<div id=app></div>");
        for (int cache : new int[] {0, 16}) {
            try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withSpa("app.html").withOpenFileCache(cache));
                 TestServer server = serve(io, files); RawClient c = server.connect()) {
                for (String path : List.of("/users/42", "/users/43/edit", "/no.css")) {
                    RawClient.Response r = get(c, path);
                    assertEquals(200, r.status(), path);
                    assertEquals("<div id=app></div>", r.text(), path);
                    assertEquals("text/html; charset=utf-8", r.header("Content-Type"), path);
                }
                assertEquals("body { color: teal }\n", get(c, "/style.css").text(), "real files still win");
                assertEquals(404, get(c, "/.env").status(), "a refused path gets no SPA file");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mountedOnATailRouteTheTailIsTheFilePath(IoMode io) throws Exception {
        site();
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root))) {
            Router router = new Router();
            router.get("/assets/{path...}", files);
            router.get("/api/x", (request, response) -> response.body("api"));
            router.get("/u/{user}/files/{path...}", files);
            try (TestServer server = TestServer.start(io, router, o -> { }); RawClient c = server.connect()) {
                assertEquals("hello, files\n", get(c, "/assets/hello.txt").text());
                assertEquals("<h1>docs</h1>\n", get(c, "/assets/docs/").text());
                RawClient.Response redirect = get(c, "/assets/docs?q");
                assertEquals(301, redirect.status());
                assertEquals("/assets/docs/?q", redirect.header("Location"));
                assertEquals(404, get(c, "/assets/..%2fsecret.txt").status());
                assertEquals(404, get(c, "/assets/%2e%2e/secret.txt").status());
                assertEquals(404, get(c, "/hello.txt").status(), "only under the mount");
                assertEquals("api", get(c, "/api/x").text());
                assertEquals("<h1>docs</h1>\n", get(c, "/u/bee/files/docs/index.html").text(), "parameters before the tail");
                assertEquals("hello, files\n", get(c, "/u/b%2Fe/files/hello.txt").text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUnreadableFileIs403(IoMode io) throws Exception {
        site();
        Path locked = root.resolve("locked.txt");
        Files.writeString(locked, SECRET);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(locked), "running with the right to read any file (root)");
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            RawClient.Response r = get(c, "/locked.txt");
            assertEquals(403, r.status());
            assertFalse(r.text().contains(SECRET));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theCacheSeesAChangedFileWithinItsValidityPeriod(IoMode io) throws Exception {
        site();
        Path file = root.resolve("data.json");
        Files.writeString(file, "{\"v\":1}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            RawClient.Response first = get(c, "/data.json");
            assertEquals("{\"v\":1}", first.text());
            Files.writeString(file, "{\"v\":2,\"more\":true}");
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_100_000L));
            RawClient.Response[] now = new RawClient.Response[1];
            Await.until("the new content", () -> {
                try {
                    now[0] = get(c, "/data.json");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return now[0].text().equals("{\"v\":2,\"more\":true}");
            });
            assertNotEquals(first.header("ETag"), now[0].header("ETag"));
            assertEquals("\"5f5e1064-13\"", now[0].header("ETag"));
            Files.delete(file);
            Await.until("the deleted file to be 404", () -> {
                try {
                    return get(c, "/data.json").status() == 404;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theCacheKeepsAtMostItsSizeOpenAndReleasesAllWhenClosed(IoMode io) throws Exception {
        site();
        for (int i = 0; i < 6; i++) {
            Files.writeString(root.resolve("f" + i + ".txt"), "file " + i);
        }
        Path real = root.toRealPath();
        StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withOpenFileCache(2));
        try (TestServer server = serve(io, files); RawClient c = server.connect()) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 6; i++) {
                    assertEquals("file " + i, get(c, "/f" + i + ".txt").text());
                }
            }
            Await.until("at most 2 files open (open: " + openUnder(real) + ")", () -> openUnder(real).size() <= 2);
            assertFalse(openUnder(real).isEmpty(), "the cache keeps files open");
        } finally {
            files.close();
        }
        Await.until("no file open after close (open: " + openUnder(real) + ")", () -> openUnder(real).isEmpty());
    }

    /**
     * Clients racing over more files than the cache holds: evictions close entries that other workers are
     * about to send (their retain fails and they open the file again); every body stays right, and closing
     * the handler leaves no file open. Bounded: 4 clients, 300 requests each.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void evictionRacingHitsNeverServesAWrongOrClosedFile(IoMode io) throws Exception {
        site();
        for (int i = 0; i < 8; i++) {
            Files.writeString(root.resolve("r" + i + ".txt"), ("file " + i + " ").repeat(100 + i));
        }
        Path real = root.toRealPath();
        StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withOpenFileCache(2));
        try (TestServer server = serve(io, files)) {
            List<Thread> clients = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                int seed = t;
                clients.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(seed);
                    try (RawClient c = server.connect()) {
                        for (int n = 0; n < 300; n++) {
                            int i = random.nextInt(8);
                            RawClient.Response r = get(c, "/r" + i + ".txt");
                            assertEquals(("file " + i + " ").repeat(100 + i), r.text());
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread client : clients) {
                client.join(60_000);
                assertFalse(client.isAlive(), "a client still running after 60 s");
            }
            assertEquals(List.of(), failures);
        } finally {
            files.close();
        }
        Await.until("no file open after close (open: " + openUnder(real) + ")", () -> openUnder(real).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void withoutTheCacheEveryFileIsClosedAfterItsResponse(IoMode io) throws Exception {
        site();
        Path real = root.toRealPath();
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withOpenFileCache(0));
             TestServer server = serve(io, files); RawClient c = server.connect()) {
            for (int i = 0; i < 3; i++) {
                assertEquals("hello, files\n", get(c, "/hello.txt").text());
                assertEquals("<h1>docs</h1>\n", get(c, "/docs/").text());
            }
            Await.until("no file open (open: " + openUnder(real) + ")", () -> openUnder(real).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFileThatShrinksWhileSentClosesTheConnectionShortOfItsLength(IoMode io) throws Exception {
        site();
        Path big = root.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        new Random(13).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < 16; i++) {
                out.write(block);
            }
        }
        long length = 16L << 20;
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root));
             TestServer server = serve(io, files); Socket s = new Socket()) {
            s.setReceiveBufferSize(16 * 1024);
            s.setSoTimeout(RawClient.TIMEOUT_MILLIS);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()));
            s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream());
            String head = readHead(in);
            assertTrue(head.contains("Content-Length: " + length), head);
            byte[] first = in.readNBytes(256 * 1024); // slowly: the server is held back by the small window
            assertEquals(256 * 1024, first.length);
            assertEquals(java.nio.ByteBuffer.wrap(block, 0, first.length), java.nio.ByteBuffer.wrap(first));
            try (FileChannel channel = FileChannel.open(big, StandardOpenOption.WRITE)) {
                channel.truncate(1 << 20);
            }
            long rest = 0;
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    rest += n;
                }
            } catch (SocketException reset) {
                // closed: what came before is what the server sent
            }
            long total = first.length + rest;
            assertTrue(total < length, "the connection closed short of Content-Length: " + total + " of " + length);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The descriptors of this process open on files under {@code dir} (Linux; empty elsewhere). */
    static List<String> openUnder(Path dir) {
        List<String> open = new ArrayList<>();
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return open;
        }
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(dir)) {
                        open.add(target.toString());
                    }
                } catch (IOException closedMeanwhile) {
                    // gone while listing
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return open;
    }

}
