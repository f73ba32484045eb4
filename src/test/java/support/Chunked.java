package support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads a response head and a chunked or close-delimited body from a raw stream, strictly. */
public final class Chunked {
    private Chunked() {
    }

    /** The head's fields, lower-case names; the status line under the key ":status". */
    public static Map<String, String> head(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":status", line(in));
        String line;
        while (!(line = line(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    /** One chunk's data, or null at the last chunk (its empty trailer read too). */
    public static byte[] chunk(InputStream in) throws IOException {
        String sizeLine = line(in);
        int size = Integer.parseInt(sizeLine, 16);
        if (size == 0) {
            if (!line(in).isEmpty()) {
                throw new IOException("trailer fields not expected");
            }
            return null;
        }
        byte[] data = in.readNBytes(size);
        if (data.length != size || in.read() != '\r' || in.read() != '\n') {
            throw new IOException("chunk cut short or not ended by CRLF");
        }
        return data;
    }

    /** The whole chunked body. */
    public static byte[] body(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] data;
        while ((data = chunk(in)) != null) {
            all.write(data);
        }
        return all.toByteArray();
    }

    public static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("CR without LF");
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
        throw new IOException("connection closed in a line: " + sb);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
