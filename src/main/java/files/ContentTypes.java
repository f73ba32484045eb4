package files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import http.ContentType;

/**
 * The Content-Type of a file from its extension: a table of the web's usual types. Text types (HTML, CSS,
 * JavaScript, JSON, SVG, XML, ...) carry {@code ; charset=utf-8}; an unknown extension gets
 * {@code application/octet-stream}. The types are encoded once, so a response pays no encoding.
 */
public final class ContentTypes {
    private static final Map<String, ContentType> BY_EXTENSION = new HashMap<>();

    static {
        text("text/html", "html", "htm");
        text("text/css", "css");
        text("text/javascript", "js", "mjs", "cjs");
        text("application/json", "json", "map", "webmanifest");
        text("application/ld+json", "jsonld");
        text("text/plain", "txt", "text", "log", "conf", "ini");
        text("text/csv", "csv");
        text("text/tab-separated-values", "tsv");
        text("text/markdown", "md", "markdown");
        text("text/xml", "xml", "xsl");
        text("image/svg+xml", "svg");
        text("application/rss+xml", "rss");
        text("application/atom+xml", "atom");
        text("application/xhtml+xml", "xhtml");
        text("text/calendar", "ics");
        text("text/vcard", "vcf");
        text("text/vtt", "vtt");
        text("application/yaml", "yaml", "yml");
        text("application/toml", "toml");
        binary("image/png", "png");
        binary("image/jpeg", "jpg", "jpeg");
        binary("image/gif", "gif");
        binary("image/webp", "webp");
        binary("image/avif", "avif");
        binary("image/x-icon", "ico");
        binary("image/bmp", "bmp");
        binary("image/tiff", "tif", "tiff");
        binary("image/apng", "apng");
        binary("font/woff", "woff");
        binary("font/woff2", "woff2");
        binary("font/ttf", "ttf");
        binary("font/otf", "otf");
        binary("application/vnd.ms-fontobject", "eot");
        binary("application/pdf", "pdf");
        binary("application/zip", "zip");
        binary("application/gzip", "gz", "tgz");
        binary("application/x-tar", "tar");
        binary("application/x-bzip2", "bz2");
        binary("application/x-xz", "xz");
        binary("application/zstd", "zst");
        binary("application/x-7z-compressed", "7z");
        binary("application/wasm", "wasm");
        binary("application/java-archive", "jar");
        binary("application/epub+zip", "epub");
        binary("application/msword", "doc");
        binary("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
        binary("application/vnd.ms-excel", "xls");
        binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
        binary("application/vnd.ms-powerpoint", "ppt");
        binary("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx");
        binary("video/mp4", "mp4", "m4v");
        binary("video/webm", "webm");
        binary("video/ogg", "ogv");
        binary("video/quicktime", "mov");
        binary("video/x-msvideo", "avi");
        binary("video/mp2t", "ts");
        binary("audio/mpeg", "mp3");
        binary("audio/ogg", "ogg", "oga", "opus");
        binary("audio/wav", "wav");
        binary("audio/flac", "flac");
        binary("audio/aac", "aac");
        binary("audio/mp4", "m4a");
        binary("audio/webm", "weba");
    }

    private ContentTypes() {
    }

    private static void text(String type, String... extensions) {
        binary(type + "; charset=utf-8", extensions);
    }

    private static void binary(String type, String... extensions) {
        ContentType encoded = ContentType.of(type);
        for (String extension : extensions) {
            if (BY_EXTENSION.put(extension, encoded) != null) {
                throw new IllegalStateException("extension twice in the table: " + extension);
            }
        }
    }

    /**
     * The type for a file named {@code fileName}, by its extension (the text after the last dot, any case);
     * {@link ContentType#OCTET_STREAM} when there is none or it is not in the table.
     */
    public static ContentType of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return ContentType.OCTET_STREAM;
        }
        String extension = fileName.substring(dot + 1);
        ContentType type = BY_EXTENSION.get(extension);
        if (type == null) {
            type = BY_EXTENSION.get(extension.toLowerCase(Locale.ROOT));
        }
        return type == null ? ContentType.OCTET_STREAM : type;
    }
}
