package files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {
    private static final long NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z").getEpochSecond();

    @Test
    void theThreeFormsOfRfc9110AreTheSameInstant() {
        assertEquals(NOV_6_1994, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT", 2026));
        assertEquals(NOV_6_1994, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT", 2026));
        assertEquals(NOV_6_1994, HttpDates.parse("Sun Nov  6 08:49:37 1994", 2026));
        assertEquals(NOV_6_1994, HttpDates.parse("Sun Nov 06 08:49:37 1994", 2026));
        assertEquals(NOV_6_1994, HttpDates.parse("  Sun, 06 Nov 1994 08:49:37 GMT\t", 2026));
    }

    @Test
    void aTwoDigitYearIsNeverMoreThanFiftyYearsAhead() {
        assertEquals(Instant.parse("2076-01-01T00:00:00Z").getEpochSecond(),
                HttpDates.parse("Wednesday, 01-Jan-76 00:00:00 GMT", 2026));
        assertEquals(Instant.parse("1977-01-01T00:00:00Z").getEpochSecond(),
                HttpDates.parse("Saturday, 01-Jan-77 00:00:00 GMT", 2026));
        assertEquals(Instant.parse("2001-01-01T00:00:00Z").getEpochSecond(),
                HttpDates.parse("Monday, 01-Jan-01 00:00:00 GMT", 2026));
    }

    @Test
    void edgesOfTheCalendar() {
        assertEquals(0, HttpDates.parse("Thu, 01 Jan 1970 00:00:00 GMT", 2026));
        assertEquals(-1, HttpDates.parse("Wed, 31 Dec 1969 23:59:59 GMT", 2026));
        assertEquals(Instant.parse("2024-02-29T12:00:00Z").getEpochSecond(),
                HttpDates.parse("Thu, 29 Feb 2024 12:00:00 GMT", 2026));
        assertEquals(Instant.parse("2000-02-29T00:00:00Z").getEpochSecond(),
                HttpDates.parse("Tue, 29 Feb 2000 00:00:00 GMT", 2026));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(),
                HttpDates.parse("Fri, 31 Dec 9999 23:59:59 GMT", 2026));
        // a leap second: the grammar allows 60
        assertEquals(Instant.parse("2016-12-31T23:59:59Z").getEpochSecond() + 1,
                HttpDates.parse("Sat, 31 Dec 2016 23:59:60 GMT", 2026));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37",
            "Sun, 6 Nov 1994 08:49:37 GMT", "sun, 06 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
            "Tue, 29 Feb 2100 00:00:00 GMT", "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08-49-37 GMT",
            "Sun,  06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT x", "Sun, 06 Nov +994 08:49:37 GMT",
            "Sun, 06 Xyz 1994 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Sonday, 06-Nov-94 08:49:37 GMT",
            "Sunday, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 UTC", "Sunday, 6-Nov-94 08:49:37 GMT",
            "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49:37 94", "Sun Nov  6 08:49:37 1994 GMT",
            "Sun Nov 31 08:49:37 1994", "Sun Nov  6 8:49:37 1994", "1994-11-06T08:49:37Z",
            "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT"})
    void anythingElseIsNotADate(String value) {
        assertEquals(HttpDates.INVALID, HttpDates.parse(value, 2026), value);
    }

    @Test
    void nullIsNotADate() {
        assertEquals(HttpDates.INVALID, HttpDates.parse(null, 2026));
    }

    @Test
    void formatsImfFixdateAndParsesItBack() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(NOV_6_1994));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
        assertEquals("Thu, 29 Feb 2024 12:00:00 GMT",
                HttpDates.format(Instant.parse("2024-02-29T12:00:00Z").getEpochSecond()));
        for (long t = 0; t < 4_102_444_800L; t += 86_400L * 37 + 3_661) { // every weekday, month and time of day
            assertEquals(t, HttpDates.parse(HttpDates.format(t), 2026));
            assertEquals(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.ofEpochSecond(t).atOffset(java.time.ZoneOffset.UTC))
                    .replaceFirst(", (\\d) ", ", 0$1 "), HttpDates.format(t));
        }
    }
}
