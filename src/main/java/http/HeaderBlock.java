package http;

import java.util.Locale;

/**
 * Header lines checked and encoded once, added to any number of responses with
 * {@link Response#headers(HeaderBlock)} at no cost per response beyond the copy into the output: for headers
 * that belong to a resource rather than to one request (a file's {@code ETag} and {@code Last-Modified}, a
 * route's {@code Cache-Control}). Immutable; safe to share between threads.
 */
public final class HeaderBlock {
    /** The block with no lines. */
    public static final HeaderBlock EMPTY = new HeaderBlock(new byte[0]);

    final byte[] lines; // "Name: value\r\n" lines, ISO-8859-1

    private HeaderBlock(byte[] lines) {
        this.lines = lines;
    }

    /**
     * The block of {@code namesAndValues}: name, value, name, value... The headers the server sets itself
     * ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}, {@code Date}, {@code Server}) and
     * {@code Content-Type} (set with {@link Response#contentType}) are refused, as is anything not a valid
     * field name or value.
     */
    public static HeaderBlock of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs: got " + namesAndValues.length);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            Headers.checkName(name);
            Headers.checkValue(value);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length", "transfer-encoding", "connection", "date", "server", "content-type" ->
                        throw new IllegalArgumentException(name + " cannot go in a header block");
                default -> {
                }
            }
            text.append(name).append(": ").append(value).append("\r\n");
        }
        return new HeaderBlock(Headers.bytes(text.toString()));
    }

    /** This block's lines followed by {@code more}'s, as one block. */
    public HeaderBlock with(HeaderBlock more) {
        byte[] joined = java.util.Arrays.copyOf(lines, lines.length + more.lines.length);
        System.arraycopy(more.lines, 0, joined, lines.length, more.lines.length);
        return new HeaderBlock(joined);
    }

    /** The encoded lines, as they go out: for logs and tests. */
    @Override
    public String toString() {
        return new String(lines, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
