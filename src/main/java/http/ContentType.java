package http;

import java.nio.charset.StandardCharsets;

/** A media type with its header line encoded once, so a response pays a copy and no encoding. */
public final class ContentType {
    /** {@code text/plain}. */
    public static final ContentType TEXT_PLAIN = new ContentType("text/plain");
    /** {@code text/plain; charset=utf-8}. */
    public static final ContentType TEXT_PLAIN_UTF8 = new ContentType("text/plain; charset=utf-8");
    /** {@code text/html; charset=utf-8}. */
    public static final ContentType TEXT_HTML = new ContentType("text/html; charset=utf-8");
    /** {@code application/json} (UTF-8 by definition, RFC 8259). */
    public static final ContentType APPLICATION_JSON = new ContentType("application/json");
    /** {@code application/octet-stream}: bytes of no stated type. */
    public static final ContentType OCTET_STREAM = new ContentType("application/octet-stream");

    private final String value;
    final byte[] headerLine;

    private ContentType(String value) {
        this.value = value;
        this.headerLine = ("Content-Type: " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Any media type; validated so that it cannot break the header block. */
    public static ContentType of(String value) {
        Headers.checkValue(value);
        return new ContentType(value);
    }

    /** The media type as it goes into the header, e.g. {@code text/plain; charset=utf-8}. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
