package files;

/**
 * The conditional request fields of RFC 9110 section 13, evaluated in the order of section 13.2.2 against
 * one representation (its strong ETag and its modification time, compared at one-second precision, the
 * precision of an HTTP-date). Pure: the caller reads the fields and acts on the answer.
 */
public final class Preconditions {
    /** Go on: no precondition failed (the request may still carry a Range). */
    public static final int PROCEED = 0;
    /** 304 Not Modified: the client's copy is current (GET and HEAD only). */
    public static final int NOT_MODIFIED = 304;
    /** 412 Precondition Failed. */
    public static final int PRECONDITION_FAILED = 412;

    private Preconditions() {
    }

    /**
     * The outcome of the preconditions, each field the first value of its header or null when absent:
     * <ol>
     *   <li>{@code If-Match} present and false: 412;</li>
     *   <li>else {@code If-Unmodified-Since} (ignored with {@code If-Match}, or when not a date) false: 412;</li>
     *   <li>{@code If-None-Match} present and false (weak comparison): 304 for GET and HEAD, 412 otherwise;</li>
     *   <li>else, for GET and HEAD, {@code If-Modified-Since} (ignored with {@code If-None-Match}, or when not
     *       a date) false: 304;</li>
     *   <li>else {@link #PROCEED}.</li>
     * </ol>
     *
     * @param etag               the representation's strong entity-tag, quotes included
     * @param lastModifiedMillis its modification time in milliseconds since the epoch
     */
    public static int evaluate(boolean getOrHead, String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
            String ifModifiedSince, String etag, long lastModifiedMillis) {
        long lastModified = Math.floorDiv(lastModifiedMillis, 1000L);
        if (ifMatch != null) {
            if (!EntityTags.anyMatches(ifMatch, etag, false)) {
                return PRECONDITION_FAILED;
            }
        } else if (ifUnmodifiedSince != null) {
            long date = HttpDates.parse(ifUnmodifiedSince);
            if (date != HttpDates.INVALID && lastModified > date) {
                return PRECONDITION_FAILED;
            }
        }
        if (ifNoneMatch != null) {
            if (EntityTags.anyMatches(ifNoneMatch, etag, true)) {
                return getOrHead ? NOT_MODIFIED : PRECONDITION_FAILED;
            }
        } else if (getOrHead && ifModifiedSince != null) {
            long date = HttpDates.parse(ifModifiedSince);
            if (date != HttpDates.INVALID && lastModified <= date) {
                return NOT_MODIFIED;
            }
        }
        return PROCEED;
    }

    /**
     * {@code If-Range} (RFC 9110 section 13.1.5): true when the Range may be honoured, i.e. the value is an
     * entity-tag strongly equal to {@code etag}, or an HTTP-date exactly equal (to the second) to the
     * modification time when that is a strong validator (section 8.8.2.2: at least a second before now; in whole
     * seconds that is two apart, so that two versions written within one second cannot share it). A weak tag, a list, or anything that is neither
     * never matches: the caller then ignores Range and sends the whole representation.
     */
    public static boolean ifRangeMatches(String ifRange, String etag, long lastModifiedMillis) {
        return ifRangeMatches(ifRange, etag, lastModifiedMillis, System.currentTimeMillis());
    }

    /** {@link #ifRangeMatches(String, String, long)} at the time {@code nowMillis}. */
    static boolean ifRangeMatches(String ifRange, String etag, long lastModifiedMillis, long nowMillis) {
        String value = ifRange.strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return EntityTags.isSingleStrongMatch(value, etag);
        }
        long date = HttpDates.parse(value);
        long modified = Math.floorDiv(lastModifiedMillis, 1000L);
        return date != HttpDates.INVALID && date == modified && modified < Math.floorDiv(nowMillis, 1000L) - 1;
    }
}
