package files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import http.ContentType;
import http.HeaderBlock;
import platform.OpenFile;

/**
 * A file ready to be served: its open descriptor (one reference, held by whoever built the entry: the cache,
 * or the request when the cache is off), its metadata and its response headers encoded once. Immutable but
 * for the cache's bookkeeping; a changed file gets a new entry.
 */
public final class FileEntry {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The open file; its owner's reference. {@code retain()} before handing it to a response. */
    public final OpenFile file;
    /** The real path of the file. */
    public final Path path;
    /** Its length in bytes when it was opened. */
    public final long length;
    /** Its modification time, in milliseconds since the epoch. */
    public final long lastModifiedMillis;
    /** Strong ETag with its quotes, nginx's format: {@code "<mtime seconds hex>-<length hex>"}. */
    public final String etag;
    /** Its modification time as an IMF-fixdate, for {@code Last-Modified}. */
    public final String lastModified;
    /** The Content-Type, with {@code ; charset=utf-8} for text (the original's, for a precompressed sibling). */
    public final String contentType;
    /** The same Content-Type, encoded once: {@code response.contentType(entry.type)} allocates nothing. */
    public final ContentType type;
    /** {@code br} or {@code gzip} for a precompressed sibling (its Content-Encoding); null for the file itself. */
    public final String encoding;
    /** The {@code file.br} sibling, or null. */
    public final FileEntry brotli;
    /** The {@code file.gz} sibling, or null. */
    public final FileEntry gzip;
    /**
     * Last-Modified, ETag, {@code Accept-Ranges: bytes}, Cache-Control when configured and
     * {@code Vary: Accept-Encoding} when the file has a sibling (Content-Type and Content-Encoding are not in it).
     */
    public final HeaderBlock headers;

    /** The identity of the file on disk (inode), to see a file replaced under the same name. */
    final Object fileKey;
    /** The path the request named (before symlinks), re-resolved when the entry is revalidated. */
    final Path requested;
    /** When the metadata was last checked ({@link System#nanoTime()}); written by whoever revalidates. */
    volatile long checkedNanos;
    /** Used since the last eviction sweep passed it (the CLOCK bit); set only when clear, so a hit rarely writes. */
    boolean used;

    FileEntry(OpenFile file, Path requested, Path path, long length, BasicFileAttributes attributes, ContentType type,
              String encoding, boolean vary, String cacheControl, FileEntry brotli, FileEntry gzip) {
        this.file = file;
        this.requested = requested;
        this.path = path;
        this.length = length;
        this.lastModifiedMillis = attributes.lastModifiedTime().toMillis();
        this.fileKey = attributes.fileKey();
        long seconds = Math.floorDiv(lastModifiedMillis, 1000);
        this.etag = "\"" + Long.toHexString(seconds) + "-" + Long.toHexString(length) + "\"";
        this.lastModified = IMF_FIXDATE.format(Instant.ofEpochSecond(seconds));
        this.type = type;
        this.contentType = type.value();
        this.encoding = encoding;
        this.brotli = brotli;
        this.gzip = gzip;
        List<String> pairs = new ArrayList<>(10);
        pairs.addAll(List.of("Last-Modified", lastModified, "ETag", etag, "Accept-Ranges", "bytes"));
        if (cacheControl != null) {
            pairs.addAll(List.of("Cache-Control", cacheControl));
        }
        if (vary) {
            pairs.addAll(List.of("Vary", "Accept-Encoding"));
        }
        this.headers = HeaderBlock.of(pairs.toArray(new String[0]));
        this.checkedNanos = System.nanoTime();
    }

    /**
     * Opens {@code path} (a regular file, already checked to be safe) with its siblings {@code path.br} and
     * {@code path.gz} when they are regular, readable files that {@code safe} accepts.
     *
     * @param opener    opens a file through the server's backend ({@code request::openFile})
     * @param requested the path as the request named it, kept for revalidation
     * @param safe      maps a sibling's path to the path to open, or null to ignore it
     */
    static FileEntry open(Opener opener, Path requested, Path path, ContentType type, String cacheControl,
                          SiblingCheck safe) throws IOException {
        FileEntry brotli = sibling(opener, path, ".br", "br", type, cacheControl, safe);
        FileEntry gzip = null;
        try {
            gzip = sibling(opener, path, ".gz", "gzip", type, cacheControl, safe);
            return opened(opener, requested, path, type, null, brotli != null || gzip != null, cacheControl,
                    brotli, gzip);
        } catch (IOException | RuntimeException e) {
            release(brotli);
            release(gzip);
            throw e;
        }
    }

    private static FileEntry sibling(Opener opener, Path path, String suffix, String encoding, ContentType type,
                                     String cacheControl, SiblingCheck safe) throws IOException {
        Path candidate = path.resolveSibling(path.getFileName() + suffix);
        if (!Files.isRegularFile(candidate) || !Files.isReadable(candidate)) {
            return null;
        }
        Path real = safe.check(candidate);
        if (real == null) {
            return null;
        }
        return opened(opener, candidate, real, type, encoding, true, cacheControl, null, null);
    }

    private static FileEntry opened(Opener opener, Path requested, Path path, ContentType type, String encoding,
                                    boolean vary, String cacheControl, FileEntry brotli, FileEntry gzip)
            throws IOException {
        OpenFile file = opener.open(path);
        try {
            long length = file.size(); // of what was opened, even if the path names another file by now
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileEntry(file, requested, path, length, attributes, type, encoding, vary, cacheControl,
                    brotli, gzip);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * True when the file and its siblings are still what this entry describes: same identity, length and
     * modification time, and no sibling appeared or went away.
     */
    boolean unchanged(Path real) {
        return Objects.equals(real, path) && same(path, this)
                && same(path.resolveSibling(path.getFileName() + ".br"), brotli)
                && same(path.resolveSibling(path.getFileName() + ".gz"), gzip);
    }

    private static boolean same(Path path, FileEntry entry) {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, new LinkOption[0]);
        } catch (IOException gone) {
            return entry == null;
        }
        return entry != null && now.isRegularFile() && now.size() == entry.length
                && now.lastModifiedTime().toMillis() == entry.lastModifiedMillis
                && Objects.equals(now.fileKey(), entry.fileKey);
    }

    /** Adds a reference to the file and its siblings, for a second owner; all are still open (the caller holds one). */
    void retain() {
        file.retain();
        if (brotli != null) {
            brotli.file.retain();
        }
        if (gzip != null) {
            gzip.file.retain();
        }
    }

    /** Releases this entry's reference to its file and its siblings'. */
    void release() {
        file.close();
        release(brotli);
        release(gzip);
    }

    private static void release(FileEntry entry) {
        if (entry != null) {
            entry.file.close();
        }
    }

    /** Opens a file through the server's backend. */
    @FunctionalInterface
    interface Opener {
        OpenFile open(Path path) throws IOException;
    }

    /** The real path to open for a sibling, or null when it must not be served. */
    @FunctionalInterface
    interface SiblingCheck {
        Path check(Path candidate) throws IOException;
    }
}
