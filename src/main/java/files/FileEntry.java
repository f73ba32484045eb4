package files;

import java.nio.file.Path;

import http.ContentType;
import http.HeaderBlock;
import platform.OpenFile;

/**
 * A file ready to be served: its open descriptor, its metadata and its header lines, encoded once.
 * (H2's minimal copy, with the fields of the plan; H1 owns this class.)
 */
public final class FileEntry {
    /** The open file; this entry's reference (a response retains its own). */
    public final OpenFile file;
    /** Where it is, to open it again (multipart ranges, or a reference already dropped). */
    public final Path path;
    /** Its length in bytes. */
    public final long length;
    /** Its modification time, milliseconds since the epoch. */
    public final long lastModifiedMillis;
    /** Its strong entity-tag, quotes included: nginx's {@code "<mtime seconds hex>-<length hex>"}. */
    public final String etag;
    /** Its modification time as an IMF-fixdate. */
    public final String lastModified;
    /** Its media type (the original's, for a precompressed sibling). */
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

    /** An entry; see the fields. */
    public FileEntry(OpenFile file, Path path, long length, long lastModifiedMillis, String etag,
            String lastModified, ContentType contentType, FileEntry brotli, FileEntry gzip, HeaderBlock headers) {
        this.file = file;
        this.path = path;
        this.length = length;
        this.lastModifiedMillis = lastModifiedMillis;
        this.etag = etag;
        this.lastModified = lastModified;
        this.contentType = contentType;
        this.brotli = brotli;
        this.gzip = gzip;
        this.headers = headers;
    }
}
