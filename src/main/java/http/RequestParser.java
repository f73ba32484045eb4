package http;

import java.nio.ByteBuffer;

/**
 * Incremental parser of a request head (request line and header fields), RFC 9112.
 *
 * <p>Call {@link #parse} each time more bytes arrive; it resumes where it stopped, so input may be split at
 * any byte and nothing is scanned twice. Offsets are recorded relative to the buffer's position (the first
 * byte of the request), so the caller may compact the buffer between calls as long as it keeps that byte
 * at the position.
 *
 * <p>Lines end with CRLF, and only CRLF: a bare LF or a bare CR is a 400, everywhere, so that no two parsers
 * on a request's path can disagree about where a line ends. Empty lines before a request are skipped.
 *
 * <p>Limits are checked at each byte: the first byte past a limit is a 414 or 431 unless an earlier byte
 * was already wrong, so the answer never depends on how the input was split into reads.
 */
final class RequestParser {
    /** {@link #parse} result: the head is not complete yet. */
    static final int INCOMPLETE = 0;

    private static final int START = 0;
    private static final int START_LF = 1;
    private static final int METHOD = 2;
    private static final int TARGET = 3;
    private static final int VERSION = 4;
    private static final int LINE_LF = 5;
    private static final int FIELD_START = 6;
    private static final int NAME = 7;
    private static final int VALUE_START = 8;
    private static final int VALUE = 9;
    private static final int FIELD_LF = 10;
    private static final int END_LF = 11;

    private final Limits limits;
    private int state = START;
    private int pos;
    private int headerStart;
    private int fieldStart;
    private int nameEnd;
    private int valueStart;
    private int valueEnd;

    RequestParser(Limits limits) {
        this.limits = limits;
    }

    /** Forgets a partial head (after an error, or to start over). */
    void reset() {
        state = START;
        pos = 0;
    }

    /**
     * Parses from {@code buf.position()} to {@code buf.limit()} into {@code request}.
     *
     * @return {@link #INCOMPLETE}; the length of the complete head in bytes (the position is not moved
     *         except past skipped empty lines); or a negative HTTP status ({@code -400}, {@code -414}, ...)
     */
    int parse(ByteBuffer buf, Request request) {
        int base = buf.position();
        int end = buf.limit() - base;
        while (pos < end) {
            byte b = buf.get(base + pos);
            switch (state) {
                case START -> {
                    if (b == Ascii.CR) {
                        state = START_LF;
                        pos++;
                    } else {
                        request.clearHead();
                        state = METHOD;
                    }
                }
                case START_LF -> {
                    if (b != Ascii.LF) {
                        return fail(400);
                    }
                    base += 2; // an empty line before the request: consume it
                    buf.position(base);
                    end -= 2;
                    pos = 0;
                    state = START;
                }
                case METHOD -> {
                    if (pos >= limits.maxRequestLine()) {
                        return fail(414);
                    }
                    if (b == Ascii.SP) {
                        if (pos == 0) {
                            return fail(400);
                        }
                        request.methodEnd = pos;
                        request.targetStart = pos + 1;
                        state = TARGET;
                    } else if (!Ascii.isToken(b)) {
                        return fail(400);
                    }
                    pos++;
                }
                case TARGET -> {
                    int p = pos;
                    int stop = Math.min(end, limits.maxRequestLine());
                    while (p < stop && Ascii.isTarget(buf.get(base + p))) {
                        p++;
                    }
                    pos = p;
                    if (p == end) {
                        break;
                    }
                    if (p == stop) {
                        return fail(414);
                    }
                    b = buf.get(base + p);
                    if (b != Ascii.SP || p == request.targetStart) {
                        return fail(400);
                    }
                    request.targetEnd = p;
                    state = VERSION;
                    pos++;
                }
                case VERSION -> {
                    if (b == Ascii.CR) {
                        int version = version(buf, base + request.targetEnd + 1, base + pos);
                        if (version < 0) {
                            return fail(-version);
                        }
                        request.version = version;
                        state = LINE_LF;
                    } else if (pos >= limits.maxRequestLine()) {
                        return fail(414);
                    } else if (pos - request.targetEnd >= 9) {
                        return fail(400);
                    }
                    pos++;
                }
                case LINE_LF -> {
                    if (b != Ascii.LF) {
                        return fail(400);
                    }
                    pos++;
                    headerStart = pos;
                    state = FIELD_START;
                }
                case FIELD_START -> {
                    if (b == Ascii.CR) {
                        state = END_LF;
                    } else if (pos - headerStart >= limits.maxHeaderBytes()) {
                        return fail(431);
                    } else if (Ascii.isToken(b)) {
                        if (request.headerCount == limits.maxHeaders()) {
                            return fail(431);
                        }
                        fieldStart = pos;
                        state = NAME;
                    } else {
                        return fail(400); // obs-fold (SP/HTAB), bare LF, empty name, control bytes
                    }
                    pos++;
                }
                case NAME -> {
                    if (pos - headerStart >= limits.maxHeaderBytes()) {
                        return fail(431);
                    }
                    if (b == ':') {
                        nameEnd = pos;
                        state = VALUE_START;
                    } else if (!Ascii.isToken(b)) {
                        return fail(400); // includes whitespace between the name and the colon
                    }
                    pos++;
                }
                case VALUE_START -> {
                    if (pos - headerStart >= limits.maxHeaderBytes()) {
                        return fail(431);
                    }
                    if (Ascii.isWhitespace(b)) {
                        pos++;
                    } else {
                        valueStart = pos;
                        valueEnd = pos;
                        state = VALUE;
                    }
                }
                case VALUE -> {
                    int p = pos;
                    int stop = Math.min(end, headerStart + limits.maxHeaderBytes());
                    int lastVisible = valueEnd;
                    while (p < stop && Ascii.isFieldValue(b = buf.get(base + p))) {
                        p++;
                        if (!Ascii.isWhitespace(b)) {
                            lastVisible = p;
                        }
                    }
                    pos = p;
                    valueEnd = lastVisible;
                    if (p == end) {
                        break;
                    }
                    if (p == stop) {
                        return fail(431);
                    }
                    b = buf.get(base + p);
                    if (b != Ascii.CR) {
                        return fail(400); // a control byte (NUL, bare LF, ...) in a field value
                    }
                    state = FIELD_LF;
                    pos++;
                }
                case FIELD_LF -> {
                    if (pos - headerStart >= limits.maxHeaderBytes()) {
                        return fail(431);
                    }
                    if (b != Ascii.LF) {
                        return fail(400);
                    }
                    pos++;
                    request.addField(fieldStart, nameEnd, valueStart, valueEnd);
                    state = FIELD_START;
                }
                case END_LF -> {
                    if (b != Ascii.LF) {
                        return fail(400);
                    }
                    int length = pos + 1;
                    request.headParsed(buf, base, length);
                    reset();
                    return length;
                }
                default -> throw new IllegalStateException("parser state " + state);
            }
        }
        return INCOMPLETE;
    }

    /** {@code HTTP/1.0} gives 10, {@code HTTP/1.1} (or a later 1.x) 11; another major version -505; junk -400. */
    private static int version(ByteBuffer buf, int from, int to) {
        if (to - from != 8 || buf.get(from) != 'H' || buf.get(from + 1) != 'T' || buf.get(from + 2) != 'T'
                || buf.get(from + 3) != 'P' || buf.get(from + 4) != '/' || buf.get(from + 6) != '.') {
            return -400;
        }
        int major = buf.get(from + 5) - '0';
        int minor = buf.get(from + 7) - '0';
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            return -400;
        }
        if (major != 1) {
            return -505;
        }
        return minor == 0 ? 10 : 11;
    }

    private int fail(int status) {
        reset();
        return -status;
    }
}
