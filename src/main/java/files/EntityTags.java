package files;

/**
 * Entity-tag lists (RFC 9110 section 8.8.3): {@code *} or a comma-separated list of
 * {@code [W/]"opaque"}, compared with one entity-tag without allocating. A list that breaks the grammar
 * matches nothing: If-Match then fails (412) and If-None-Match holds (the full response), the safe side of
 * each.
 */
final class EntityTags {
    private EntityTags() {
    }

    /**
     * True when {@code field} is {@code *} or lists a tag equal to {@code etag} (a strong tag, quotes
     * included): by weak comparison when {@code weak} (the {@code W/} prefix ignored on both sides), else by
     * strong comparison (a weak tag in the list never matches).
     */
    static boolean anyMatches(String field, String etag, boolean weak) {
        int end = field.length();
        int p = skipSpace(field, 0, end);
        if (p < end && field.charAt(p) == '*') {
            return skipSpace(field, p + 1, end) == end;
        }
        boolean matched = false;
        boolean any = false;
        while (p < end) {
            if (field.charAt(p) == ',') { // empty list elements are allowed and ignored (RFC 9110 5.6.1)
                p = skipSpace(field, p + 1, end);
                continue;
            }
            boolean isWeak = field.startsWith("W/", p);
            int open = isWeak ? p + 2 : p;
            int close = opaqueTagEnd(field, open, end);
            if (close < 0) {
                return false;
            }
            any = true;
            if ((weak || !isWeak) && etag.length() == close - open && field.startsWith(etag, open)) {
                matched = true;
            }
            p = skipSpace(field, close, end);
            if (p < end && field.charAt(p) != ',') {
                return false;
            }
        }
        return any && matched;
    }

    /** True when {@code value} is exactly one strong tag equal to {@code etag}. */
    static boolean isSingleStrongMatch(String value, String etag) {
        int end = opaqueTagEnd(value, 0, value.length());
        return end == value.length() && value.equals(etag);
    }

    /** The index after the closing quote of the opaque-tag starting at {@code open}, or -1. */
    private static int opaqueTagEnd(String s, int open, int end) {
        if (open >= end || s.charAt(open) != '"') {
            return -1;
        }
        for (int i = open + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x21 || c == 0x7f || c > 0xff) { // etagc: %x21 / %x23-7E / obs-text
                return -1;
            }
        }
        return -1;
    }

    private static int skipSpace(String s, int p, int end) {
        while (p < end && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }
}
