package files;

/**
 * Chooses among a file and its precompressed siblings by {@code Accept-Encoding} (RFC 9110 section
 * 12.5.3): each coding gets the weight the field gives it by name ({@code x-gzip} is {@code gzip}), else
 * the weight of {@code *}, else 0 for {@code br} and {@code gzip}, and for {@code identity} the lowest
 * weight above 0 (acceptable by default, but after any coding the client named). The acceptable coding
 * (weight above 0) with the highest weight wins; ties go to {@code br}, then {@code gzip}, then identity
 * (the smallest body first). When nothing is acceptable, not even identity, the file goes out unencoded:
 * a 406 would help no client. Malformed elements are skipped.
 */
public final class AcceptEncoding {
    /** Send the file itself. */
    public static final int IDENTITY = 0;
    /** Send the {@code .br} sibling. */
    public static final int BROTLI = 1;
    /** Send the {@code .gz} sibling. */
    public static final int GZIP = 2;

    private static final int UNSET = -1;

    private AcceptEncoding() {
    }

    /** Which representation to send, given the field's value and which siblings exist. */
    public static int choose(String field, boolean haveBrotli, boolean haveGzip) {
        int br = UNSET;
        int gzip = UNSET;
        int identity = UNSET;
        int any = UNSET;
        int end = field.length();
        int p = 0;
        while (p < end) {
            p = skipSpace(field, p, end);
            int nameStart = p;
            while (p < end && isToken(field.charAt(p))) {
                p++;
            }
            int nameEnd = p;
            int weight = 1000;
            p = skipSpace(field, p, end);
            while (weight >= 0 && p < end && field.charAt(p) == ';') {
                p = skipSpace(field, p + 1, end);
                int paramStart = p;
                while (p < end && isToken(field.charAt(p))) {
                    p++;
                }
                if (p < end && field.charAt(p) == '=' && p - paramStart == 1
                        && (field.charAt(paramStart) | 0x20) == 'q') {
                    int valueStart = p + 1;
                    p = valueStart;
                    while (p < end && (isToken(field.charAt(p)))) {
                        p++;
                    }
                    weight = qvalue(field, valueStart, p);
                } else {
                    weight = -1; // not a weight: the element is malformed
                }
                p = skipSpace(field, p, end);
            }
            boolean wellFormed = weight >= 0 && nameEnd > nameStart && (p == end || field.charAt(p) == ',');
            while (p < end && field.charAt(p) != ',') {
                p++;
            }
            p++; // past the comma
            if (!wellFormed) {
                continue;
            }
            if (is(field, nameStart, nameEnd, "br")) {
                br = weight;
            } else if (is(field, nameStart, nameEnd, "gzip") || is(field, nameStart, nameEnd, "x-gzip")) {
                gzip = weight;
            } else if (is(field, nameStart, nameEnd, "identity")) {
                identity = weight;
            } else if (is(field, nameStart, nameEnd, "*")) {
                any = weight;
            }
        }
        int brWeight = haveBrotli ? (br != UNSET ? br : any != UNSET ? any : 0) : 0;
        int gzipWeight = haveGzip ? (gzip != UNSET ? gzip : any != UNSET ? any : 0) : 0;
        // identity unnamed: acceptable, but below any coding the client named (gzip;q=0.5 still gets gzip)
        int identityWeight = identity != UNSET ? identity : any != UNSET ? any : 1;
        if (brWeight > 0 && brWeight >= gzipWeight && brWeight >= identityWeight) {
            return BROTLI;
        }
        if (gzipWeight > 0 && gzipWeight >= identityWeight) {
            return GZIP;
        }
        return IDENTITY;
    }

    /** A qvalue in thousandths: {@code 0[.ddd]} or {@code 1[.000]}; -1 when malformed. */
    private static int qvalue(String s, int start, int end) {
        if (start >= end || end - start > 5 || (s.charAt(start) != '0' && s.charAt(start) != '1')) {
            return -1;
        }
        int value = (s.charAt(start) - '0') * 1000;
        if (end - start > 1) {
            if (s.charAt(start + 1) != '.') {
                return -1;
            }
            int scale = 100;
            for (int i = start + 2; i < end; i++, scale /= 10) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value += (c - '0') * scale;
            }
        }
        return value > 1000 ? -1 : value;
    }

    private static boolean is(String s, int start, int end, String name) {
        return end - start == name.length() && s.regionMatches(true, start, name, 0, name.length());
    }

    private static boolean isToken(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static int skipSpace(String s, int p, int end) {
        while (p < end && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }
}
