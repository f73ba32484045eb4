package files;

/**
 * A {@code Range} field (RFC 9110 section 14.1.2) resolved against a representation's length: the ranges
 * to send, or what to do instead. The rules, and how they compare with nginx's ({@code ngx_http_range_parse}):
 * <ul>
 *   <li>A unit other than {@code bytes} (any case), or a syntax error anywhere in the set (a missing
 *       {@code -}, a non-digit, {@code last < first}, an empty set): {@link #IGNORE}, the whole
 *       representation with 200, as RFC 9110 allows ("a server MAY ignore the Range header field").
 *       nginx ignores another unit too, but answers 416 to a syntax error after {@code bytes=}.</li>
 *   <li>Spaces and tabs are allowed around each range and around its {@code -}, empty list elements are
 *       skipped (nginx allows spaces, not tabs).</li>
 *   <li>{@code first-last} with {@code last} beyond the end is clamped to the end; {@code first-} runs to the
 *       end; {@code -n} is the last n bytes, the whole representation when n exceeds its length. A range
 *       starting at or beyond the end, and {@code -0}, are unsatisfiable and dropped; when every range is,
 *       {@link #UNSATISFIABLE} (416). As nginx.</li>
 *   <li>More than {@link #MAX_RANGES} ranges: {@link #IGNORE} (nginx's {@code max_ranges}, unlimited by
 *       default, does the same).</li>
 *   <li>Several satisfiable ranges that overlap, or that add up to more than the representation:
 *       {@link #IGNORE}, a plain 200 (RFC 9110 section 14.2 lets a server refuse "many small or overlapping
 *       ranges"; this also defeats the amplification of {@code bytes=0-,0-,0-...}). nginx has only the
 *       second rule: it sends overlapping ranges whose total fits, as multipart.</li>
 *   <li>An empty representation: {@link #IGNORE} (no range of it can be sent with a Content-Range).</li>
 * </ul>
 * Ranges are kept in the order asked for. Numbers too large for a long are taken as the largest long (a
 * start that large is unsatisfiable, an end or suffix that large is clamped).
 */
public final class ByteRanges {
    /** More ranges than this in one field: the field is ignored. */
    public static final int MAX_RANGES = 100;

    /** Send the whole representation with 200: no Range, or one to ignore. */
    public static final ByteRanges IGNORE = new ByteRanges(new long[0], 0);
    /** 416 Range Not Satisfiable, sent with <code>Content-Range: bytes &#42;/length</code>. */
    public static final ByteRanges UNSATISFIABLE = new ByteRanges(new long[0], 0);

    private final long[] bounds; // first, last (inclusive) of each range
    private final int count;

    private ByteRanges(long[] bounds, int count) {
        this.bounds = bounds;
        this.count = count;
    }

    /** How many ranges to send: 1 (a 206 with Content-Range) or more (multipart/byteranges). */
    public int count() {
        return count;
    }

    /** The first byte of range {@code i}. */
    public long first(int i) {
        return bounds[2 * i];
    }

    /** The last byte of range {@code i}, inclusive. */
    public long last(int i) {
        return bounds[2 * i + 1];
    }

    /** The length of range {@code i}. */
    public long length(int i) {
        return last(i) - first(i) + 1;
    }

    /** Resolves the value of a {@code Range} field against a representation of {@code length} bytes. */
    public static ByteRanges parse(String field, long length) {
        int end = field.length();
        int p = skipSpace(field, 0, end);
        if (!field.regionMatches(true, p, "bytes", 0, 5)) {
            return IGNORE;
        }
        p += 5;
        if (p >= end || field.charAt(p) != '=') {
            return IGNORE;
        }
        p++;
        long[] bounds = new long[8];
        int specs = 0;
        int kept = 0;
        long[] number = new long[1];
        while (true) {
            p = skipSpace(field, p, end);
            if (p < end && field.charAt(p) == ',') {
                p++;
                continue;
            }
            if (p >= end) {
                break;
            }
            long first;
            long last;
            if (field.charAt(p) == '-') { // suffix-range
                p = number(field, skipSpace(field, p + 1, end), end, number);
                if (p < 0) {
                    return IGNORE;
                }
                long suffix = number[0];
                first = Math.max(0, length - suffix);
                last = suffix == 0 ? -1 : length - 1;
            } else {
                p = number(field, p, end, number);
                if (p < 0) {
                    return IGNORE;
                }
                first = number[0];
                p = skipSpace(field, p, end);
                if (p >= end || field.charAt(p) != '-') {
                    return IGNORE;
                }
                p = skipSpace(field, p + 1, end);
                if (p < end && field.charAt(p) != ',') {
                    p = number(field, p, end, number);
                    if (p < 0 || number[0] < first) {
                        return IGNORE;
                    }
                    last = Math.min(number[0], length - 1);
                } else {
                    last = length - 1;
                }
            }
            p = skipSpace(field, p, end);
            if (p < end && field.charAt(p) != ',') {
                return IGNORE;
            }
            if (++specs > MAX_RANGES) {
                return IGNORE;
            }
            if (first < length && first <= last) {
                if (2 * kept + 2 > bounds.length) {
                    bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
                }
                bounds[2 * kept] = first;
                bounds[2 * kept + 1] = last;
                kept++;
            }
        }
        if (specs == 0 || length == 0) {
            return IGNORE;
        }
        if (kept == 0) {
            return UNSATISFIABLE;
        }
        ByteRanges ranges = new ByteRanges(bounds, kept);
        return kept > 1 && ranges.overlapOrExceed(length) ? IGNORE : ranges;
    }

    /** True when two ranges share a byte, or the ranges add up to more than {@code length}. */
    private boolean overlapOrExceed(long length) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += length(i); // each at most length, at most MAX_RANGES of them: no overflow
            for (int j = 0; j < i; j++) {
                if (first(i) <= last(j) && first(j) <= last(i)) {
                    return true;
                }
            }
        }
        return total > length;
    }

    /** Reads 1*DIGIT at {@code p} into {@code out[0]} (saturating at Long.MAX_VALUE); the index after, or -1. */
    private static int number(String s, int p, int end, long[] out) {
        int start = p;
        long value = 0;
        while (p < end && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            int digit = s.charAt(p) - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
            p++;
        }
        out[0] = value;
        return p == start ? -1 : p;
    }

    private static int skipSpace(String s, int p, int end) {
        while (p < end && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }
}
