package http;

/**
 * Decides how a parsed request is framed and whether the connection stays open (RFC 9112 sections 3, 6,
 * 9): the request-target's form, Host, Content-Length, Transfer-Encoding, Connection and Expect. Anything
 * ambiguous is rejected, because a server and a proxy that frame the same bytes differently is how requests
 * get smuggled. It runs on every request: it reads the head in place and allocates nothing.
 */
final class Framing {
    private Framing() {
    }

    /** Fills the request's framing fields; returns 0, or the error status to answer with. */
    static int analyze(Request r, Limits limits) {
        int targetStatus = target(r);
        if (targetStatus != 0) {
            return targetStatus;
        }
        int hosts = 0;
        int hostField = -1;
        int lengths = 0;
        int encodings = 0;
        int codingFindings = 0;
        boolean close = false;
        boolean keepAlive = false;
        for (int i = 0; i < r.headerCount; i++) {
            int status = 0;
            if (r.nameIs(i, "host")) {
                hosts++;
                hostField = i;
                int start = r.valueStart(i);
                int end = r.valueEnd(i);
                if (start != end && !isHostPort(r, start, end, false)) {
                    status = Status.BAD_REQUEST; // empty is allowed: a target without authority
                }
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
        if (hosts > 1 || (r.version == 11 && hosts == 0)) {
            return Status.BAD_REQUEST; // HTTP/1.1 needs exactly one Host, HTTP/1.0 may have at most one
        }
        if (hostField >= 0) {
            if (r.hostStart >= 0) {
                r.setValue(hostField, r.hostStart, r.hostEnd); // absolute-form: the target's authority wins
            } else {
                r.hostStart = r.valueStart(hostField);
                r.hostEnd = r.valueEnd(hostField);
            }
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

    /**
     * Checks the request-target's form against the method (RFC 9112 section 3.2) and finds its path and, in
     * absolute-form, its authority. Origin-form ({@code /...}) is the common case and costs two compares.
     * CONNECT (authority-form) gets 501: this server tunnels nothing, and the bytes after a CONNECT are a
     * tunnel's, never requests, so the connection must close (which every error status here does).
     */
    private static int target(Request r) {
        int start = r.targetStart;
        int end = r.targetEnd;
        byte first = r.byteAt(start);
        boolean connect = r.methodIs("CONNECT");
        r.pathStart = start;
        r.hostStart = -1;
        if (first == '/') {
            return connect ? Status.BAD_REQUEST : 0;
        }
        if (first == '*' && end - start == 1) {
            return r.methodIs("OPTIONS") ? 0 : Status.BAD_REQUEST;
        }
        if (connect) {
            return isHostPort(r, start, end, true) ? Status.NOT_IMPLEMENTED : Status.BAD_REQUEST;
        }
        // absolute-form: only http and https URIs, which must have a host (RFC 9110 section 4.2)
        int authority;
        if (startsWithIgnoreCase(r, start, end, "http://")) {
            authority = start + 7;
        } else if (startsWithIgnoreCase(r, start, end, "https://")) {
            authority = start + 8;
        } else {
            return Status.BAD_REQUEST;
        }
        int authorityEnd = authority;
        while (authorityEnd < end && r.byteAt(authorityEnd) != '/' && r.byteAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        if (!isHostPort(r, authority, authorityEnd, false)) {
            return Status.BAD_REQUEST; // no host, userinfo ('@'), junk
        }
        r.pathStart = authorityEnd;
        r.hostStart = authority;
        r.hostEnd = authorityEnd;
        return 0;
    }

    /**
     * Whether {@code [i, end)} is {@code uri-host [ ":" port ]} (RFC 3986 section 3.2.2-3) with a host that
     * is not empty: an IP literal in brackets, or a reg-name without commas (IPv4 addresses are reg-names
     * to this check); a port of digits only, required when {@code needPort}. No userinfo, path or spaces.
     */
    private static boolean isHostPort(Request r, int i, int end, boolean needPort) {
        int hostStart = i;
        boolean literal = i < end && r.byteAt(i) == '[';
        if (literal) {
            i++;
        }
        while (i < end) {
            byte b = r.byteAt(i);
            if (b == '%') {
                if (end - i < 3 || Ascii.hexValue(r.byteAt(i + 1)) < 0 || Ascii.hexValue(r.byteAt(i + 2)) < 0) {
                    return false;
                }
                i += 3;
                continue;
            }
            if (literal ? b == ']' : b == ':') {
                break;
            }
            if (!Ascii.isHost(b) && !(literal && b == ':')) {
                return false;
            }
            i++;
        }
        if (literal) {
            if (i == end || i == hostStart + 1) {
                return false; // no closing bracket, or nothing inside
            }
            i++;
        } else if (i == hostStart) {
            return false;
        }
        if (i == end) {
            return !needPort;
        }
        if (r.byteAt(i) != ':') {
            return false;
        }
        int portStart = ++i;
        while (i < end && Ascii.isDigit(r.byteAt(i))) {
            i++;
        }
        return i == end && (!needPort || i > portStart);
    }

    private static boolean startsWithIgnoreCase(Request r, int start, int end, String lowerCase) {
        return end - start >= lowerCase.length()
                && equalsIgnoreCase(r, start, start + lowerCase.length(), lowerCase);
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
