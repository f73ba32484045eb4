package files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import http.ContentType;
import http.HeaderBlock;
import http.Handler;
import http.Request;
import platform.OpenFile;
import support.Await;

/**
 * A directory of test files and a handler serving them through {@link FileResponder}, standing in for
 * StaticFiles: {@code GET /NAME} builds a {@link FileEntry} for {@code dir/NAME} (with its {@code .br} and
 * {@code .gz} siblings when they exist) as the cache would, answers, and drops the entry's references.
 */
final class TestSite {
    static final String CACHE_CONTROL = "max-age=60";

    private TestSite() {
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code content} to {@code dir/name} with the modification time {@code modified}. */
    static Path write(Path dir, String name, byte[] content, Instant modified) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** nginx's ETag: {@code "<mtime seconds hex>-<length hex>"}. */
    static String etag(long lastModifiedMillis, long length) {
        return "\"" + Long.toHexString(lastModifiedMillis / 1000) + "-" + Long.toHexString(length) + "\"";
    }

    /** The entry of {@code path}, with siblings; its references (and its siblings') are the caller's. */
    static FileEntry entry(Request request, Path path) throws IOException {
        Path br = path.resolveSibling(path.getFileName() + ".br");
        Path gz = path.resolveSibling(path.getFileName() + ".gz");
        boolean siblings = Files.exists(br) || Files.exists(gz);
        ContentType type = path.toString().endsWith(".html") ? ContentType.TEXT_HTML : ContentType.TEXT_PLAIN_UTF8;
        return entry(request, path, type, siblings, Files.exists(br) ? entry(request, br, type, true, null, null) : null,
                Files.exists(gz) ? entry(request, gz, type, true, null, null) : null);
    }

    private static FileEntry entry(Request request, Path path, ContentType type, boolean vary, FileEntry brotli,
            FileEntry gzip) throws IOException {
        OpenFile file = request.openFile(path);
        long length = Files.size(path);
        long modified = Files.getLastModifiedTime(path).toMillis();
        String etag = etag(modified, length);
        String lastModified = HttpDates.format(modified / 1000);
        HeaderBlock headers = HeaderBlock.of("Last-Modified", lastModified, "ETag", etag, "Accept-Ranges", "bytes",
                "Cache-Control", CACHE_CONTROL);
        if (vary) {
            headers = headers.with(HeaderBlock.of("Vary", "Accept-Encoding"));
        }
        return new FileEntry(file, path, length, modified, etag, lastModified, type, brotli, gzip, headers);
    }

    static void close(FileEntry entry) {
        if (entry != null) {
            entry.file.close();
            close(entry.brotli);
            close(entry.gzip);
        }
    }

    /** Serves {@code dir}: a fresh entry per request, closed once the response holds its own references. */
    static Handler handler(Path dir) {
        return (request, response) -> {
            FileEntry entry = entry(request, dir.resolve(request.path().substring(1)));
            try {
                FileResponder.respond(request, response, entry);
            } finally {
                close(entry);
            }
        };
    }

    /** How many descriptors of this process are open on files in {@code dir}. */
    static long openIn(Path dir) {
        Path real = realPath(dir);
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitAllClosed(Path dir) {
        Await.until("every descriptor of a file in " + dir + " closed", () -> openIn(dir) == 0);
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
