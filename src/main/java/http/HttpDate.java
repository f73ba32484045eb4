package http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header line, encoded at most once a second. Any thread may call {@link #line()}; the
 * first caller in a new second re-encodes it (racing callers may both do so: harmless).
 */
final class HttpDate {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Line(long second, byte[] bytes) {
    }

    private static volatile Line current = encode(System.currentTimeMillis() / 1000);

    private HttpDate() {
    }

    /** {@code Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n} for the current second. */
    static byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Line line = current;
        if (line.second != second) {
            line = encode(second);
            current = line;
        }
        return line.bytes;
    }

    private static Line encode(long second) {
        String text = "Date: " + FORMAT.format(Instant.ofEpochSecond(second)) + "\r\n";
        return new Line(second, text.getBytes(StandardCharsets.US_ASCII));
    }
}
