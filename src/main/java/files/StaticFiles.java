package files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import http.ContentType;
import http.Handler;
import http.Request;
import http.Response;

/**
 * Serves the files under a directory ({@code skep serve --root DIR}), alone or mounted on a router's tail
 * route ({@code router.get("/assets/{path...}", staticFiles)}: the file path is then the tail, else the whole
 * request path). The raw path is resolved safely ({@link PathResolver}: refused spellings get 404, malformed
 * ones 400, never a file outside the root); a directory asked for without its trailing slash is redirected
 * (301) to it; a directory gets its index file, else a listing when {@code listDirs}, else 404 (nginx answers
 * 403 there; 404 tells a prober nothing more than a missing file does); a file asked for with a trailing slash
 * is 404 (as nginx; its relative links would break); a path matching no file gets the SPA
 * file when configured; a file that cannot be read gets 403. A file is answered by {@link FileResponder}
 * (preconditions, ranges, precompressed siblings). Files are kept open with their metadata in a
 * {@link FileCache} unless its size is 0. Close it to release the cached descriptors.
 */
public final class StaticFiles implements Handler, AutoCloseable {
    private static final ContentType TEXT = ContentType.TEXT_PLAIN_UTF8;
    /** Raw paths up to this length fill a thread's key without growing it. */
    private static final int KEY_CAPACITY = 256;

    private final StaticFilesOptions options;
    private final PathResolver resolver;
    private final FileCache cache; // null: off
    private final ThreadLocal<RawPathKey> keys = ThreadLocal.withInitial(() -> new RawPathKey(KEY_CAPACITY));
    private final RawPathKey spaKey;

    /**
     * @throws IOException              when the root does not exist or cannot be read
     * @throws IllegalArgumentException when the root is not a directory
     */
    public StaticFiles(StaticFilesOptions options) throws IOException {
        this.options = options;
        this.resolver = new PathResolver(options.root(), options.followSymlinks());
        this.cache = options.openFileCache() == 0 ? null : new FileCache(options.openFileCache());
        this.spaKey = options.spa() == null ? null
                : RawPathKey.of(("/" + options.spa()).getBytes(StandardCharsets.UTF_8));
    }

    /** The real path of the directory served (symlinks resolved). */
    public Path root() {
        return resolver.root();
    }

    /** The options it serves with. */
    public StaticFilesOptions options() {
        return options;
    }

    @Override
    public void handle(Request request, Response response) throws IOException {
        if (!request.methodIs("GET") && !request.methodIs("HEAD")) {
            response.status(405).header("Allow", "GET, HEAD").contentType(TEXT).body("Method Not Allowed\n");
            return;
        }
        int end = request.rawPathLength();
        RawPathKey key = keys.get().fill(request, tailStart(request, end), end);
        if (cache != null && serveCached(request, response, key)) {
            return;
        }
        serveResolved(request, response, key);
    }

    /** Serves a cached entry that is fresh, or still unchanged on disk; false: not cached (any more). */
    private boolean serveCached(Request request, Response response, RawPathKey key) throws IOException {
        FileEntry entry = cache.get(key);
        if (entry == null) {
            return false;
        }
        long now = System.nanoTime();
        if (!FileCache.fresh(entry, now)) {
            if (!stillValid(entry)) {
                cache.invalidate(key, entry);
                return false;
            }
            entry.checkedNanos = now;
        }
        FileResponder.respond(request, response, entry); // opens the file again if an eviction closed it meanwhile
        return true;
    }

    /** The file an entry was made for is still where it was, under the same safety rules, and unchanged. */
    private boolean stillValid(FileEntry entry) {
        try {
            return entry.unchanged(resolver.real(entry.requested));
        } catch (IOException gone) {
            return false;
        }
    }

    /** The miss path: resolve, check, open, cache. Allocates; one per file per cache lifetime when cached. */
    private void serveResolved(Request request, Response response, RawPathKey key) throws IOException {
        PathResolver.Resolution resolution = resolver.resolve(key.bytes(), 0, key.length());
        switch (resolution.outcome()) {
            case MALFORMED -> {
                error(response, 400, "Bad Request\n");
                return;
            }
            case REFUSED -> {
                error(response, 404, "Not Found\n");
                return;
            }
            case PATH -> {
            }
        }
        Path requested = resolution.path();
        Path real;
        try {
            real = resolver.real(requested);
        } catch (NoSuchFileException | NotDirectoryException missing) {
            notFound(request, response);
            return;
        } catch (AccessDeniedException denied) {
            error(response, 403, "Forbidden\n");
            return;
        } catch (FileSystemException other) { // e.g. a name too long, a loop of links: no such file to serve
            notFound(request, response);
            return;
        }
        if (real == null) {
            error(response, 404, "Not Found\n"); // a symlink out of the root, or to a dotfile
            return;
        }
        if (Files.isDirectory(real)) {
            directory(request, response, key, requested, resolution.trailingSlash());
            return;
        }
        if (resolution.trailingSlash()) {
            error(response, 404, "Not Found\n"); // a file is not a directory (and its relative links would break)
            return;
        }
        serveFile(request, response, key, requested, real);
    }

    private void directory(Request request, Response response, RawPathKey key, Path requested, boolean slash)
            throws IOException {
        if (!slash) {
            redirectToSlash(request, response);
            return;
        }
        if (options.index() != null) {
            Path index = requested.resolve(options.index());
            Path real = null;
            try {
                real = resolver.real(index);
            } catch (NoSuchFileException | NotDirectoryException missing) {
                // no index: a listing or 404
            } catch (AccessDeniedException denied) {
                error(response, 403, "Forbidden\n");
                return;
            }
            if (real != null && Files.isRegularFile(real)) {
                serveFile(request, response, key, index, real);
                return;
            }
        }
        if (options.listDirs()) {
            String urlPath = request.decodedPath(0, request.rawPathLength());
            response.contentType(ContentType.TEXT_HTML).body(DirectoryListing.html(requested, urlPath));
            return;
        }
        error(response, 404, "Not Found\n");
    }

    /** A path that names no file: the SPA file when configured, else 404. */
    private void notFound(Request request, Response response) throws IOException {
        if (spaKey == null) {
            error(response, 404, "Not Found\n");
            return;
        }
        if (cache != null && serveCached(request, response, spaKey)) {
            return;
        }
        Path requested = resolver.resolve(spaKey.bytes(), 0, spaKey.length()).path();
        Path real;
        try {
            real = requested == null ? null : resolver.real(requested);
        } catch (NoSuchFileException | NotDirectoryException missing) {
            real = null;
        }
        if (real == null || !Files.isRegularFile(real)) {
            error(response, 404, "Not Found\n");
            return;
        }
        serveFile(request, response, spaKey, requested, real);
    }

    private void serveFile(Request request, Response response, RawPathKey key, Path requested, Path real)
            throws IOException {
        if (!Files.isRegularFile(real)) {
            error(response, 404, "Not Found\n"); // a device, a pipe: never opened (a FIFO would block)
            return;
        }
        if (!Files.isReadable(real)) {
            error(response, 403, "Forbidden\n");
            return;
        }
        FileEntry entry;
        try {
            // The type goes by the name asked for, as nginx's does: a link "page.html" to "content" is HTML.
            entry = FileEntry.open(request::openFile, requested, real,
                    ContentTypes.of(requested.getFileName().toString()), options.cacheControl(), resolver::real);
        } catch (AccessDeniedException denied) {
            error(response, 403, "Forbidden\n");
            return;
        } catch (NoSuchFileException gone) {
            error(response, 404, "Not Found\n");
            return;
        }
        // The cache gets references of its own: once cached, another worker may evict and release the entry
        // at any moment, while this request still holds the references it opened with.
        if (cache != null) {
            entry.retain();
            if (!cache.put(key, entry)) {
                entry.release();
            }
        }
        try {
            FileResponder.respond(request, response, entry);
        } finally {
            entry.release(); // the response holds its own reference while it sends
        }
    }

    /** 301 to the same path with a slash added, query kept; leading slashes collapsed (no "//host" redirect). */
    private static void redirectToSlash(Request request, Response response) {
        int length = request.rawPathLength();
        StringBuilder location = new StringBuilder(length + 16);
        int i = 0;
        while (i + 1 < length && request.rawPathByte(i) == '/' && request.rawPathByte(i + 1) == '/') {
            i++;
        }
        for (; i < length; i++) {
            location.append((char) (request.rawPathByte(i) & 0xFF));
        }
        if (location.isEmpty()) {
            location.append('/');
        }
        location.append('/');
        String target = request.target();
        int query = target.indexOf('?');
        if (query >= 0) {
            location.append(target, query, target.length());
        }
        response.status(301).header("Location", location.toString()).contentType(TEXT).body("Moved Permanently\n");
    }

    private static void error(Response response, int status, String text) {
        response.status(status).contentType(TEXT).body(text);
    }

    /**
     * Where the file path starts in the raw path: after the segments a router matched before its tail
     * parameter ({@code /assets/{path...}}: after {@code /assets}), else 0 (the whole path).
     */
    static int tailStart(Request request, int end) {
        String template = request.route();
        if (template == null || !template.endsWith("...}")) {
            return 0;
        }
        int brace = template.lastIndexOf('{');
        int segments = 0; // segments of the template before the tail
        for (int i = 1; i < brace; i++) {
            if (template.charAt(i) == '/') {
                segments++;
            }
        }
        int at = 0;
        for (int s = 0; s < segments && at < end; s++) { // skip each matched segment with its leading '/'
            at++;
            while (at < end && request.rawPathByte(at) != '/') {
                at++;
            }
        }
        return Math.min(at, end);
    }

    /** Releases the cached descriptors (responses still sending keep theirs until done). */
    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
