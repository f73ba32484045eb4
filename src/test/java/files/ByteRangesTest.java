package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {
    private static final long LENGTH = 1000;

    /** The ranges as "first-last,first-last", or IGNORE / UNSATISFIABLE. */
    private static String resolve(String field, long length) {
        ByteRanges r = ByteRanges.parse(field, length);
        if (r == ByteRanges.IGNORE) {
            return "IGNORE";
        }
        if (r == ByteRanges.UNSATISFIABLE) {
            return "UNSATISFIABLE";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.count(); i++) {
            sb.append(i == 0 ? "" : ",").append(r.first(i)).append('-').append(r.last(i));
            assertEquals(r.last(i) - r.first(i) + 1, r.length(i));
        }
        return sb.toString();
    }

    private static String resolve(String field) {
        return resolve(field, LENGTH);
    }

    @Test
    void theThreeFormsOfOneRange() {
        assertEquals("0-9", resolve("bytes=0-9"));
        assertEquals("0-0", resolve("bytes=0-0"));
        assertEquals("500-999", resolve("bytes=500-"));
        assertEquals("900-999", resolve("bytes=-100"));
        assertEquals("999-999", resolve("bytes=999-"));
        assertEquals("999-999", resolve("bytes=-1"));
        assertEquals("0-999", resolve("bytes=0-"));
    }

    @Test
    void theLastIsClampedAndALongSuffixIsTheWholeFile() {
        assertEquals("990-999", resolve("bytes=990-5000"));
        assertEquals("0-999", resolve("bytes=0-99999999999999999999999")); // beyond a long: clamped
        assertEquals("0-999", resolve("bytes=-1000"));
        assertEquals("0-999", resolve("bytes=-5000"));
        assertEquals("0-999", resolve("bytes=-99999999999999999999999"));
    }

    @Test
    void unitAndSpacesAndEmptyElements() {
        assertEquals("0-9", resolve("BYTES=0-9"));
        assertEquals("0-9", resolve("Bytes=0-9"));
        assertEquals("0-9,20-29", resolve("bytes= 0-9 ,\t20 - 29 "));
        assertEquals("0-9,20-29", resolve("bytes=,0-9,,20-29,"));
        assertEquals("900-999", resolve(" bytes=- 100"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=,", "bytes =0-9", "bytes= ", "items=0-9", "byte=0-9",
            "bytesx=0-9", "0-9", "bytes=abc", "bytes=0", "bytes=-", "bytes=--5", "bytes=5-3", "bytes=1-2-3",
            "bytes=0-9;", "bytes=0-9 10-19", "bytes=0x10-20", "bytes=+1-2", "bytes=-+1", "bytes=0-9,x",
            "bytes=0-9,5", "bytes=1.5-2", "bytes=0-9,-", "bytes=\u0661-2"})
    void anUnknownUnitOrASyntaxErrorIsIgnored(String field) {
        assertEquals("IGNORE", resolve(field), field);
    }

    @Test
    void unsatisfiableRangesAreDroppedAnd416WhenNoneIsLeft() {
        assertEquals("UNSATISFIABLE", resolve("bytes=1000-"));
        assertEquals("UNSATISFIABLE", resolve("bytes=1000-2000"));
        assertEquals("UNSATISFIABLE", resolve("bytes=-0"));
        assertEquals("UNSATISFIABLE", resolve("bytes=99999999999999999999-"));
        assertEquals("UNSATISFIABLE", resolve("bytes=1000-1001, 2000-, -0"));
        assertEquals("0-9", resolve("bytes=1000-1001, 0-9"));
        assertEquals("0-9,990-999", resolve("bytes=0-9, 5000-, -10"));
    }

    @Test
    void anEmptyFileIgnoresRange() {
        assertEquals("IGNORE", resolve("bytes=0-", 0));
        assertEquals("IGNORE", resolve("bytes=-1", 0));
        assertEquals("IGNORE", resolve("bytes=0-0", 0));
        assertEquals("0-0", resolve("bytes=0-", 1));
    }

    @Test
    void severalRangesKeepTheirOrderUnlessTheyOverlap() {
        assertEquals("10-19,0-4", resolve("bytes=10-19,0-4"));
        assertEquals("0-4,5-9", resolve("bytes=0-4,5-9")); // adjacent is not overlapping
        assertEquals("IGNORE", resolve("bytes=0-4,4-9")); // one byte shared
        assertEquals("IGNORE", resolve("bytes=0-,0-"));
        assertEquals("IGNORE", resolve("bytes=0-9,-995")); // the suffix covers 5-999
        assertEquals("IGNORE", resolve("bytes=500-,-600"));
        assertEquals("IGNORE", resolve("bytes=20-29,0-99"));
        assertEquals("IGNORE", resolve("bytes=0-9,0-9,2000-")); // the same range twice overlaps
    }

    @Test
    void atMostAHundredRanges() {
        StringBuilder hundred = new StringBuilder("bytes=");
        for (int i = 0; i < 100; i++) {
            hundred.append(i == 0 ? "" : ",").append(i * 2).append('-').append(i * 2);
        }
        assertEquals(100, ByteRanges.parse(hundred.toString(), LENGTH).count());
        assertSame(ByteRanges.IGNORE, ByteRanges.parse(hundred + ",500-500", LENGTH));
        assertSame(ByteRanges.IGNORE, ByteRanges.parse(hundred + ",5000-", LENGTH)); // unsatisfiable count too
    }
}
