package http;

/**
 * Decides how a parsed request is framed and whether the connection stays open (RFC 9112 sections 6, 9):
 * Content-Length, Transfer-Encoding, Host, Connection and Expect. Anything ambiguous is rejected, because
 * a server and a proxy that frame the same bytes differently is how requests get smuggled.
 */
final class Framing {
    private Framing() {
    }

    /** Fills the request's framing fields; returns 0, or the error status to answer with. */
    static int analyze(Request r, Limits limits) {
        int hosts = 0;
        int lengths = 0;
        int encodings = 0;
        int codingFindings = 0;
        boolean close = false;
        boolean keepAlive = false;
        for (int i = 0; i < r.headerCount; i++) {
            int status = 0;
            if (r.nameIs(i, "host")) {
                hosts++;
            } else if (r.nameIs(i, "content-length")) {
                lengths++;
                status = contentLength(r, i, limits);
            } else if (r.nameIs(i, "transfer-encoding")) {
                encodings++;
                codingFindings |= transferCodings(r, i);
            } else if (r.nameIs(i, "connection")) {
                close |= hasToken(r, i, "close");
                keepAlive |= hasToken(r, i, "keep-alive");
            } else if (r.nameIs(i, "expect")) {
                status = expect(r, i);
            }
            if (status != 0) {
                return status;
            }
        }
        if (r.version == 11 && hosts != 1) {
            return Status.BAD_REQUEST; // HTTP/1.1 needs exactly one Host
        }
        if (lengths > 1) {
            return Status.BAD_REQUEST;
        }
        if (encodings > 0) {
            if (lengths > 0 || r.version == 10) {
                return Status.BAD_REQUEST; // both framings, or a coding from a 1.0 client: ambiguous
            }
            int status = transferEncodingStatus(r, codingFindings);
            if (status != 0) {
                return status;
            }
        }
        r.keepAlive = r.version == 11 ? !close : keepAlive && !close;
        return 0;
    }

    private static int contentLength(Request r, int field, Limits limits) {
        int start = r.valueStart(field);
        int end = r.valueEnd(field);
        if (start == end) {
            return Status.BAD_REQUEST;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = r.byteAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return Status.BAD_REQUEST; // signs, commas (a list of lengths), spaces, junk
            }
            // Stop before a long could overflow: anything this big is over any limit anyway.
            value = value > limits.maxBody() ? value : value * 10 + digit;
        }
        if (value > limits.maxBody()) {
            return Status.CONTENT_TOO_LARGE;
        }
        r.contentLength = value;
        return 0;
    }

    // Transfer-coding findings, accumulated over every Transfer-Encoding field in order.
    private static final int TE_SYNTAX = 1;
    private static final int TE_UNKNOWN = 2;
    private static final int TE_UNSUPPORTED = 4;
    private static final int TE_CHUNKED_TWICE = 8;

    /**
     * Reads one Transfer-Encoding field's codings; {@code r.chunked} ends up telling whether the last
     * coding so far is chunked. Returns the findings as TE_* bits.
     */
    private static int transferCodings(Request r, int field) {
        int end = r.valueEnd(field);
        int i = r.valueStart(field);
        int findings = 0;
        while (true) {
            while (i < end && (Ascii.isWhitespace(r.byteAt(i)) || r.byteAt(i) == ',')) {
                i++;
            }
            if (i == end) {
                return findings;
            }
            int start = i;
            while (i < end && Ascii.isToken(r.byteAt(i))) {
                i++;
            }
            int tokenEnd = i;
            while (i < end && Ascii.isWhitespace(r.byteAt(i))) {
                i++;
            }
            if (tokenEnd == start || (i < end && r.byteAt(i) != ',')) {
                return findings | TE_SYNTAX; // parameters or junk where a coding should be
            }
            if (equalsIgnoreCase(r, start, tokenEnd, "chunked")) {
                if (r.chunked) {
                    findings |= TE_CHUNKED_TWICE;
                }
                r.chunked = true;
            } else {
                if (r.chunked) {
                    findings |= TE_CHUNKED_TWICE; // chunked, then more: chunked is not last
                }
                r.chunked = false;
                findings |= isKnownCoding(r, start, tokenEnd) ? TE_UNSUPPORTED : TE_UNKNOWN;
            }
        }
    }

    /**
     * Only {@code chunked} alone is decoded. A coding nobody knows, or a known one with chunked last that
     * we do not decode (gzip, chunked), gets 501; chunked not last, twice, or junk gets 400.
     */
    private static int transferEncodingStatus(Request r, int findings) {
        if ((findings & TE_SYNTAX) != 0) {
            return Status.BAD_REQUEST;
        }
        if ((findings & TE_UNKNOWN) != 0) {
            return Status.NOT_IMPLEMENTED;
        }
        if (!r.chunked || (findings & TE_CHUNKED_TWICE) != 0) {
            return Status.BAD_REQUEST;
        }
        return (findings & TE_UNSUPPORTED) != 0 ? Status.NOT_IMPLEMENTED : 0;
    }

    private static boolean isKnownCoding(Request r, int start, int end) {
        return equalsIgnoreCase(r, start, end, "gzip") || equalsIgnoreCase(r, start, end, "deflate")
                || equalsIgnoreCase(r, start, end, "compress") || equalsIgnoreCase(r, start, end, "x-gzip")
                || equalsIgnoreCase(r, start, end, "identity");
    }

    private static int expect(Request r, int field) {
        if (equalsIgnoreCase(r, r.valueStart(field), r.valueEnd(field), "100-continue")) {
            r.expectContinue = r.version == 11;
            return 0;
        }
        return Status.EXPECTATION_FAILED;
    }

    /** Whether a comma-separated header value holds {@code token} (case-insensitive). */
    private static boolean hasToken(Request r, int field, String token) {
        int end = r.valueEnd(field);
        int i = r.valueStart(field);
        while (i < end) {
            while (i < end && (Ascii.isWhitespace(r.byteAt(i)) || r.byteAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < end && r.byteAt(i) != ',') {
                i++;
            }
            int to = i;
            while (to > start && Ascii.isWhitespace(r.byteAt(to - 1))) {
                to--;
            }
            if (equalsIgnoreCase(r, start, to, token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(Request r, int start, int end, String lowerCase) {
        if (end - start != lowerCase.length()) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (Ascii.lower(r.byteAt(i)) != lowerCase.charAt(i - start)) {
                return false;
            }
        }
        return true;
    }
}
