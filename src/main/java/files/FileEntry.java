package files;

import java.io.IOException;
import java.nio.file.Files;
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
 * A file ready to be served: its open descriptor (reference-counted: the request that built the entry holds
 * one while it answers, the cache one more while it keeps the entry), its metadata and its response headers encoded once. Immutable but
 * for the cache's bookkeeping; a changed file gets a new entry.
 */
public final class FileEntry {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The open file; this entry's reference (a response retains its own). */
    public final OpenFile file;
    /** Its real path, to open it again (multipart ranges, or a reference already dropped). */
    public final Path path;
    /** Its length in bytes: the open descriptor's when it was opened. */
    public final long length;
    /** Its modification time, milliseconds since the epoch. */
    public final long lastModifiedMillis;
    /** Its strong entity-tag, quotes included: nginx's {@code "<mtime seconds hex>-<length hex>"}. */
    public final String etag;
    /** Its modification time as an IMF-fixdate. */
    public final String lastModified;
    /** Its media type, {@code ; charset=utf-8} for text (the original's, for a precompressed sibling). */
    public final ContentType contentType;
    /** The {@code .br} sibling, or null. */
    public final FileEntry brotli;
    /** The {@code .gz} sibling, or null. */
    public final FileEntry gzip;
    /**
     * Last-Modified, ETag, Accept-Ranges, Cache-Control when configured, Vary: Accept-Encoding when a sibling
     * exists (on the siblings too); not Content-Type, nor Content-Encoding (the responder adds it).
     */
    public final HeaderBlock headers;

    /** The identity of the file on disk (inode), to see a file replaced under the same name; null: unknown. */
    final Object fileKey;
    /** The path the request named (before symlinks), resolved again when the entry is revalidated. */
    final Path requested;
    /** When the metadata was last checked ({@link System#nanoTime()}); written by whoever revalidates. */
    volatile long checkedNanos;
    /** Used since the last eviction sweep passed it (the CLOCK bit); set only when clear, so a hit rarely writes. */
    boolean used;

    /** An entry built by hand (outside the cache: never revalidated); see the fields. */
    public FileEntry(OpenFile file, Path path, long length, long lastModifiedMillis, String etag,
            String lastModified, ContentType contentType, FileEntry brotli, FileEntry gzip, HeaderBlock headers) {
        this(file, path, path, null, length, lastModifiedMillis, etag, lastModified, contentType, brotli, gzip,
                headers);
    }

    private FileEntry(OpenFile file, Path requested, Path path, Object fileKey, long length, long lastModifiedMillis,
            String etag, String lastModified, ContentType contentType, FileEntry brotli, FileEntry gzip,
            HeaderBlock headers) {
        this.file = file;
        this.requested = requested;
        this.path = path;
        this.fileKey = fileKey;
        this.length = length;
        this.lastModifiedMillis = lastModifiedMillis;
        this.etag = etag;
        this.lastModified = lastModified;
        this.contentType = contentType;
        this.brotli = brotli;
        this.gzip = gzip;
        this.headers = headers;
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
        FileEntry brotli = sibling(opener, path, ".br", type, cacheControl, safe);
        FileEntry gzip = null;
        try {
            gzip = sibling(opener, path, ".gz", type, cacheControl, safe);
            return opened(opener, requested, path, type, brotli != null || gzip != null, cacheControl, brotli, gzip);
        } catch (IOException | RuntimeException e) {
            release(brotli);
            release(gzip);
            throw e;
        }
    }

    private static FileEntry sibling(Opener opener, Path path, String suffix, ContentType type, String cacheControl,
                                     SiblingCheck safe) throws IOException {
        Path candidate = path.resolveSibling(path.getFileName() + suffix);
        if (!Files.isRegularFile(candidate) || !Files.isReadable(candidate)) {
            return null;
        }
        Path real = safe.check(candidate);
        if (real == null) {
            return null;
        }
        return opened(opener, candidate, real, type, true, cacheControl, null, null);
    }

    private static FileEntry opened(Opener opener, Path requested, Path path, ContentType type, boolean vary,
                                    String cacheControl, FileEntry brotli, FileEntry gzip) throws IOException {
        OpenFile file = opener.open(path);
        try {
            long length = file.size(); // of what was opened, even if the path names another file by now
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            long millis = attributes.lastModifiedTime().toMillis();
            long seconds = Math.floorDiv(millis, 1000);
            String etag = "\"" + Long.toHexString(seconds) + "-" + Long.toHexString(length) + "\"";
            String lastModified = IMF_FIXDATE.format(Instant.ofEpochSecond(seconds));
            List<String> pairs = new ArrayList<>(10);
            pairs.addAll(List.of("Last-Modified", lastModified, "ETag", etag, "Accept-Ranges", "bytes"));
            if (cacheControl != null) {
                pairs.addAll(List.of("Cache-Control", cacheControl));
            }
            if (vary) {
                pairs.addAll(List.of("Vary", "Accept-Encoding"));
            }
            return new FileEntry(file, requested, path, attributes.fileKey(), length, millis, etag, lastModified,
                    type, brotli, gzip, HeaderBlock.of(pairs.toArray(new String[0])));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * True when the file and its siblings are still what this entry describes: the same real path, identity,
     * length and modification time, and no sibling appeared or went away.
     */
    boolean unchanged(Path real) {
        return Objects.equals(real, path) && same(path, this)
                && same(path.resolveSibling(path.getFileName() + ".br"), brotli)
                && same(path.resolveSibling(path.getFileName() + ".gz"), gzip);
    }

    private static boolean same(Path path, FileEntry entry) {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException gone) {
            return entry == null;
        }
        return entry != null && now.isRegularFile() && now.size() == entry.length
                && now.lastModifiedTime().toMillis() == entry.lastModifiedMillis
                && Objects.equals(now.fileKey(), entry.fileKey);
    }

    /** Adds a reference to the file and its siblings, for a second owner; all are open (the caller holds one). */
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
