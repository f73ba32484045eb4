package accesslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * The time texts of log lines, worked out once per second (the writer formats many lines per second):
 * nginx's {@code $time_local} ({@code 01/Dec/2026:22:55:27 +0000}, in the JVM's time zone) and ISO-8601 in
 * UTC with milliseconds ({@code 2026-12-01T22:55:27.123Z}), always with ASCII digits ({@link Locale#ROOT}:
 * the default locale may be Persian or Arabic). Used by the writer thread only.
 */
final class LogTimes {
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final ZoneRules zone;
    private long localSecond = Long.MIN_VALUE;
    private final byte[] local = new byte[26];
    private long isoSecond = Long.MIN_VALUE;
    private final byte[] iso = new byte[19];

    LogTimes(ZoneId zone) {
        this.zone = zone.getRules();
    }

    /** Appends {@code dd/Mon/yyyy:HH:mm:ss +hhmm}. */
    void putLocal(long epochMillis, LineBuffer out) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != localSecond) {
            Instant instant = Instant.ofEpochSecond(second);
            ZoneOffset offset = zone.getOffset(instant);
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, offset);
            int minutes = offset.getTotalSeconds() / 60;
            String text = String.format(Locale.ROOT, "%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d", t.getDayOfMonth(),
                    MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond(),
                    minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
            System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, local, 0, local.length);
            localSecond = second;
        }
        out.put(local, 0, local.length);
    }

    /** Appends {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
    void putIso(long epochMillis, LineBuffer out) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != isoSecond) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            String text = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, iso, 0, iso.length);
            isoSecond = second;
        }
        out.put(iso, 0, iso.length).put('.').putPadded(Math.floorMod(epochMillis, 1000), 3).put('Z');
    }
}
