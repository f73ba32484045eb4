package files;

import static files.AcceptEncoding.BROTLI;
import static files.AcceptEncoding.GZIP;
import static files.AcceptEncoding.IDENTITY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
    private static int both(String field) {
        return AcceptEncoding.choose(field, true, true);
    }

    @Test
    void brIsPreferredOverGzipWhenBothAreAllowed() {
        assertEquals(BROTLI, both("gzip, deflate, br, zstd")); // what browsers send
        assertEquals(BROTLI, both("br"));
        assertEquals(BROTLI, both("gzip;q=0.8, br;q=0.8"));
        assertEquals(BROTLI, both("*"));
        assertEquals(GZIP, both("gzip"));
        assertEquals(GZIP, both("x-gzip"));
        assertEquals(GZIP, both("GZIP"));
        assertEquals(GZIP, both("gzip, deflate"));
    }

    @Test
    void weightsDecideAndZeroRefuses() {
        assertEquals(GZIP, both("br;q=0.5, gzip"));
        assertEquals(GZIP, both("br;q=0, gzip"));
        assertEquals(GZIP, both("br; q=0.000, gzip;Q=1.0"));
        assertEquals(BROTLI, both("br;q=0.001"));
        assertEquals(GZIP, both("gzip;q=0.5")); // identity unnamed comes after a named coding
        assertEquals(IDENTITY, both("gzip;q=0.5, identity"));
        assertEquals(IDENTITY, both("gzip;q=0, br;q=0"));
        assertEquals(IDENTITY, both("*;q=0")); // nothing acceptable: the file unencoded all the same
        assertEquals(GZIP, both("*;q=0, gzip"));
        assertEquals(BROTLI, both("*, gzip;q=0.5"));
        assertEquals(IDENTITY, both("identity;q=1, *;q=0.5"));
    }

    @Test
    void emptyOrUnknownMeansIdentity() {
        assertEquals(IDENTITY, both(""));
        assertEquals(IDENTITY, both("identity"));
        assertEquals(IDENTITY, both("deflate, zstd"));
        assertEquals(IDENTITY, both("brotli, gzipx"));
    }

    @Test
    void onlySiblingsThatExist() {
        assertEquals(GZIP, AcceptEncoding.choose("br, gzip", false, true));
        assertEquals(BROTLI, AcceptEncoding.choose("br, gzip", true, false));
        assertEquals(IDENTITY, AcceptEncoding.choose("gzip", true, false));
        assertEquals(IDENTITY, AcceptEncoding.choose("*", false, false));
    }

    @Test
    void malformedElementsAreSkipped() {
        assertEquals(GZIP, both("br;q=2, gzip"));
        assertEquals(GZIP, both("br;q=1.5, gzip"));
        assertEquals(GZIP, both("br;q=0.1234, gzip"));
        assertEquals(GZIP, both("br;q=, gzip"));
        assertEquals(GZIP, both("br;level=1, gzip"));
        assertEquals(GZIP, both("br x, gzip"));
        assertEquals(GZIP, both("br;q=abc, gzip"));
        assertEquals(GZIP, both(",, gzip ,"));
        assertEquals(IDENTITY, both("\"br\""));
    }
}
