package files;

import static files.Preconditions.NOT_MODIFIED;
import static files.Preconditions.PRECONDITION_FAILED;
import static files.Preconditions.PROCEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9110 section 13: each field alone, then the order of section 13.2.2 when they are combined. */
class PreconditionsTest {
    private static final String ETAG = "\"5f3a1c-1d\"";
    private static final String OTHER = "\"5f3a1d-1d\"";
    private static final long MODIFIED = 784_111_777_000L + 250; // Sun, 06 Nov 1994 08:49:37.250 GMT
    private static final String AT = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String BEFORE = "Sun, 06 Nov 1994 08:49:36 GMT";
    private static final String AFTER = "Sun, 06 Nov 1994 08:49:38 GMT";

    private static int get(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch, String ifModifiedSince) {
        return Preconditions.evaluate(true, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, ETAG, MODIFIED);
    }

    private static int post(String ifMatch, String ifUnmodifiedSince, String ifNoneMatch, String ifModifiedSince) {
        return Preconditions.evaluate(false, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince, ETAG, MODIFIED);
    }

    @Test
    void noConditionProceeds() {
        assertEquals(PROCEED, get(null, null, null, null));
        assertEquals(PROCEED, post(null, null, null, null));
    }

    @Test
    void ifMatchIsAStrongComparisonAgainstAListOrStar() {
        assertEquals(PROCEED, get(ETAG, null, null, null));
        assertEquals(PROCEED, get("*", null, null, null));
        assertEquals(PROCEED, get(" * ", null, null, null));
        assertEquals(PROCEED, get(OTHER + ", " + ETAG, null, null, null));
        assertEquals(PROCEED, get(OTHER + " ,\t" + ETAG + " ", null, null, null));
        assertEquals(PROCEED, get(", ," + ETAG + ",", null, null, null)); // empty list elements are ignored
        assertEquals(PRECONDITION_FAILED, get(OTHER, null, null, null));
        assertEquals(PRECONDITION_FAILED, get("W/" + ETAG, null, null, null)); // weak never matches strongly
        assertEquals(PRECONDITION_FAILED, get("W/" + ETAG + ", " + OTHER, null, null, null));
        assertEquals(PRECONDITION_FAILED, get("5f3a1c-1d", null, null, null)); // no quotes: malformed
        assertEquals(PRECONDITION_FAILED, get(ETAG + " " + OTHER, null, null, null)); // no comma
        assertEquals(PRECONDITION_FAILED, get("*, " + ETAG, null, null, null)); // * only alone
        assertEquals(PRECONDITION_FAILED, get(ETAG + ", \"open", null, null, null));
        assertEquals(PRECONDITION_FAILED, get("", null, null, null));
        assertEquals(PRECONDITION_FAILED, get("\"5F3A1C-1D\"", null, null, null)); // opaque tags are case-sensitive
        assertEquals(PRECONDITION_FAILED, post(OTHER, null, null, null));
    }

    @Test
    void ifUnmodifiedSinceFailsWhenModifiedAfterTheDateAtSecondPrecision() {
        assertEquals(PROCEED, get(null, AT, null, null)); // the 250 ms do not count
        assertEquals(PROCEED, get(null, AFTER, null, null));
        assertEquals(PRECONDITION_FAILED, get(null, BEFORE, null, null));
        assertEquals(PRECONDITION_FAILED, post(null, BEFORE, null, null));
        assertEquals(PROCEED, get(null, "not a date", null, null)); // ignored
        assertEquals(PROCEED, get(null, "Sunday, 06-Nov-94 08:49:37 GMT", null, null));
        assertEquals(PRECONDITION_FAILED, get(null, "Sun Nov  6 08:49:36 1994", null, null));
    }

    @Test
    void ifUnmodifiedSinceIsIgnoredWithIfMatch() {
        assertEquals(PROCEED, get(ETAG, BEFORE, null, null));
        assertEquals(PRECONDITION_FAILED, get(OTHER, AFTER, null, null));
    }

    @Test
    void ifNoneMatchIsAWeakComparison304ForGetAnd412Otherwise() {
        assertEquals(NOT_MODIFIED, get(null, null, ETAG, null));
        assertEquals(NOT_MODIFIED, get(null, null, "W/" + ETAG, null));
        assertEquals(NOT_MODIFIED, get(null, null, OTHER + ", W/" + ETAG, null));
        assertEquals(NOT_MODIFIED, get(null, null, "*", null));
        assertEquals(PROCEED, get(null, null, OTHER, null));
        assertEquals(PROCEED, get(null, null, "W/" + OTHER + ", " + OTHER, null));
        assertEquals(PROCEED, get(null, null, "w/" + ETAG, null)); // W/ is case-sensitive: malformed
        assertEquals(PROCEED, get(null, null, ETAG + " garbage", null)); // malformed: holds, full response
        assertEquals(PRECONDITION_FAILED, post(null, null, ETAG, null));
        assertEquals(PRECONDITION_FAILED, post(null, null, "*", null));
        assertEquals(PROCEED, post(null, null, OTHER, null));
    }

    @Test
    void ifModifiedSinceOnlyForGetAndHeadAndOnlyWithoutIfNoneMatch() {
        assertEquals(NOT_MODIFIED, get(null, null, null, AT)); // same second: not modified since
        assertEquals(NOT_MODIFIED, get(null, null, null, AFTER));
        assertEquals(PROCEED, get(null, null, null, BEFORE));
        assertEquals(PROCEED, get(null, null, null, "garbage"));
        assertEquals(PROCEED, post(null, null, null, AT));
        assertEquals(PROCEED, get(null, null, OTHER, AT)); // If-None-Match decides alone
        assertEquals(NOT_MODIFIED, get(null, null, ETAG, BEFORE));
    }

    @Test
    void theOrderOfSection1322() {
        // If-Match fails before If-None-Match could answer 304
        assertEquals(PRECONDITION_FAILED, get(OTHER, null, ETAG, null));
        // If-Unmodified-Since fails before If-Modified-Since could answer 304
        assertEquals(PRECONDITION_FAILED, get(null, BEFORE, null, AFTER));
        // both strong checks pass: then If-None-Match answers
        assertEquals(NOT_MODIFIED, get(ETAG, AFTER, ETAG, null));
        assertEquals(NOT_MODIFIED, get("*", null, null, AT));
        assertEquals(PROCEED, get(ETAG, AT, OTHER, AT));
    }

    @Test
    void ifRangeIsAStrongTagOrAnExactDate() {
        assertTrue(Preconditions.ifRangeMatches(ETAG, ETAG, MODIFIED));
        assertTrue(Preconditions.ifRangeMatches(" " + ETAG + " ", ETAG, MODIFIED));
        assertTrue(Preconditions.ifRangeMatches(AT, ETAG, MODIFIED));
        assertTrue(Preconditions.ifRangeMatches("Sunday, 06-Nov-94 08:49:37 GMT", ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches(OTHER, ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches("W/" + ETAG, ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches(ETAG + ", " + ETAG, ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches(AFTER, ETAG, MODIFIED)); // a later date is not exact
        assertFalse(Preconditions.ifRangeMatches(BEFORE, ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches("*", ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches("", ETAG, MODIFIED));
        assertFalse(Preconditions.ifRangeMatches("\"5f3a1c-1d", ETAG, MODIFIED));
    }

    @Test
    void ifRangeTakesADateOnlyWhenItIsAStrongValidator() {
        // modified within the last second: two versions could share the date, so it validates nothing
        assertFalse(Preconditions.ifRangeMatches(AT, ETAG, MODIFIED, MODIFIED + 900));
        assertFalse(Preconditions.ifRangeMatches(AT, ETAG, MODIFIED, MODIFIED + 1_500));
        assertTrue(Preconditions.ifRangeMatches(AT, ETAG, MODIFIED, MODIFIED + 2_000));
        assertTrue(Preconditions.ifRangeMatches(ETAG, ETAG, MODIFIED, MODIFIED), "a strong tag is strong at once");
    }
}
