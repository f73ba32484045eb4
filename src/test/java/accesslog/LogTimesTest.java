package accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The time texts use ASCII digits whatever the JVM's default locale (Persian and Arabic have their own). */
class LogTimesTest {
    private static final long MILLIS = 1_796_165_727_123L; // 2026-12-01T22:55:27.123Z

    @Test
    void digitsAreAsciiUnderAnyDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            for (String tag : new String[] {"fa-IR", "ar-EG", "hi-IN-u-nu-deva", "th-TH-u-nu-thai", "en-US"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                LogTimes times = new LogTimes(ZoneOffset.ofHoursMinutes(-3, -30));
                assertEquals("01/Dec/2026:19:25:27 -0330", text(b -> times.putLocal(MILLIS, b)), tag);
                assertEquals("2026-12-01T22:55:27.123Z", text(b -> times.putIso(MILLIS, b)), tag);
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    private static String text(java.util.function.Consumer<LineBuffer> put) {
        LineBuffer buffer = new LineBuffer(256);
        put.accept(buffer);
        return new String(buffer.bytes, 0, buffer.length, StandardCharsets.US_ASCII);
    }
}
