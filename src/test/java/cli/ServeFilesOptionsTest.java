package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;

/**
 * A real {@code skep serve --root} process per case, on every backend: each static-files option reaches the
 * handler. Two processes with opposite settings (every option on in one and off in the other, and the two
 * booleans and the string options set differently within each) so that a pair of options swapped in
 * ServeCommand changes what one of them serves.
 */
class ServeFilesOptionsTest {
    private static final String SECRET = "outside the root";

    @TempDir
    Path base;
    Path root;

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** base/secret.txt (outside); base/www with two candidate index files, an SPA file, a bare directory, a link out. */
    private void site() throws IOException {
        Files.writeString(base.resolve("secret.txt"), SECRET);
        root = Files.createDirectory(base.resolve("www"));
        Files.writeString(root.resolve("home.html"), "<p>home</p>");
        Files.writeString(root.resolve("index.html"), "<p>index</p>");
        Files.writeString(root.resolve("app.html"), "<div id=app></div>");
        Files.writeString(root.resolve("data.txt"), "version 1");
        Files.createDirectory(root.resolve("bare"));
        Files.writeString(root.resolve("bare").resolve("listed-file.txt"), "in bare");
        Files.createSymbolicLink(root.resolve("link.txt"), base.resolve("secret.txt"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void indexListDirsSpaCacheControlAndNoOpenFileCache(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        site();
        try (Serve serve = Serve.start(io, root, "--index", "home.html", "--list-dirs", "--spa", "app.html",
                "--open-file-cache", "0", "--cache-control", "max-age=60"); RawClient c = new RawClient(serve.port)) {
            RawClient.Response home = get(c, "/");
            assertEquals("<p>home</p>", home.text(), "--index home.html");
            assertEquals("max-age=60", home.header("Cache-Control"), "--cache-control");
            RawClient.Response listing = get(c, "/bare/");
            assertEquals(200, listing.status(), "--list-dirs");
            assertTrue(listing.text().contains("listed-file.txt"), listing.text());
            assertEquals(404, get(c, "/link.txt").status(), "no --follow-symlinks: a link out of the root is 404");
            assertEquals("<div id=app></div>", get(c, "/users/42").text(), "--spa app.html");

            assertEquals("version 1", get(c, "/data.txt").text());
            replaceKeepingLengthAndTime(root.resolve("data.txt"), "version 2");
            assertEquals("version 2", get(c, "/data.txt").text(), "--open-file-cache 0: the new file at once");
            Await.until("no file of the root open in the server (open: " + openIn(serve, root) + ")",
                    () -> openIn(serve, root).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void followSymlinksAndTheDefaultsOfTheOthers(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        site();
        try (Serve serve = Serve.start(io, root, "--follow-symlinks"); RawClient c = new RawClient(serve.port)) {
            RawClient.Response link = get(c, "/link.txt");
            assertEquals(200, link.status(), "--follow-symlinks");
            assertEquals(SECRET, link.text());
            RawClient.Response home = get(c, "/");
            assertEquals("<p>index</p>", home.text(), "the default index");
            assertNull(home.header("Cache-Control"), "no Cache-Control by default");
            assertEquals(404, get(c, "/bare/").status(), "no listing without --list-dirs");
            assertEquals(404, get(c, "/users/42").status(), "no SPA file without --spa");
            assertEquals("version 1", get(c, "/data.txt").text());
            assertFalse(openIn(serve, root).isEmpty(), "the open-file cache (on by default) keeps the file open");
        }
    }

    private static RawClient.Response get(RawClient c, String target) throws IOException {
        return c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
    }

    /** A new file (another inode) with the same length and time: only a server that opens it again sees it. */
    private static void replaceKeepingLengthAndTime(Path file, String content) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        Path fresh = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
        assertEquals(Files.size(file), Files.size(fresh));
        Files.setLastModifiedTime(fresh, time);
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The server process's descriptors open on files under {@code dir}. */
    private static List<String> openIn(Serve serve, Path dir) {
        List<String> open = new ArrayList<>();
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(serve.process.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real)) {
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

    /** {@code skep serve} in a process of its own, on a free port; closing stops it (SIGTERM, exit 0). */
    private static final class Serve implements AutoCloseable {
        final Process process;
        final int port;
        private final BufferedReader out;

        private Serve(Process process, int port, BufferedReader out) {
            this.process = process;
            this.port = port;
            this.out = out;
        }

        static Serve start(IoMode io, Path root, String... options) throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "cli.Main", "serve", "--host", "127.0.0.1",
                    "--port", "0", "--workers", "1", "--io", io.name().toLowerCase(Locale.ROOT),
                    "--root", root.toString()));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                String line = out.readLine(); // the process writes it or exits: bounded by its start-up
                Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(line));
                assertTrue(port.find(), "start-up line: " + line);
                assertTrue(line.contains("(io=" + io.name().toLowerCase(Locale.ROOT) + ","), "the backend asked for: " + line);
                String files = out.readLine();
                assertTrue(files != null && files.contains("Serving files from"), files);
                return new Serve(process, Integer.parseInt(port.group(1)), out);
            } catch (IOException | RuntimeException | AssertionError e) {
                process.destroyForcibly();
                out.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            try {
                process.toHandle().destroy();
                assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stops within the shutdown timeout");
                assertEquals(0, process.exitValue());
            } finally {
                process.destroyForcibly();
                out.close();
            }
        }
    }
}
