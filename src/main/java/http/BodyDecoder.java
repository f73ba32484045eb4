package http;

import java.nio.ByteBuffer;

/**
 * Reads a request body from the input buffer into a {@link Body}, by Content-Length or by the chunked
 * coding (RFC 9112 section 7.1). Resumable like the head parser: feed it whatever arrived, it consumes what
 * it used. Lines end with CRLF only, as in {@link RequestParser}.
 */
final class BodyDecoder {
    /** {@link #decode} results besides a negative status. */
    static final int NEED_MORE = 0;
    static final int DONE = 1;

    private static final int FIXED = 0;
    private static final int SIZE = 1;
    private static final int SIZE_LF = 2;
    private static final int DATA = 3;
    private static final int DATA_CR = 4;
    private static final int DATA_LF = 5;
    private static final int TRAILER_START = 6;
    private static final int TRAILER_NAME = 7;
    private static final int TRAILER_VALUE = 8;
    private static final int TRAILER_LF = 9;
    private static final int END_LF = 10;
    private static final int END = 20;              // the last chunk and trailers are read
    // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), RFC 9112 section 7.1.1
    private static final int EXT_BWS = 11;          // whitespace seen: only more of it or ';' may follow
    private static final int EXT_NAME_START = 12;   // after ';'
    private static final int EXT_NAME = 13;
    private static final int EXT_NAME_BWS = 14;     // whitespace after a name: '=' or ';' must follow
    private static final int EXT_VALUE_START = 15;  // after '='
    private static final int EXT_TOKEN = 16;
    private static final int EXT_QUOTED = 17;
    private static final int EXT_QUOTED_PAIR = 18;  // after a backslash in a quoted-string
    private static final int EXT_QUOTED_END = 19;   // after the closing quote

    /** More hex digits than this are a 400: too long, or a size that would overflow a long at 16. */
    private static final int MAX_SIZE_DIGITS = 15;

    private final Limits limits;
    private int state;
    private long remaining;   // bytes left in the fixed body or the current chunk
    private int digits;
    private int lineBytes;    // bytes of the current size or trailer line, to bound them
    private long decoded;     // data bytes so far, against the max body

    BodyDecoder(Limits limits) {
        this.limits = limits;
    }

    void startFixed(long length) {
        state = FIXED;
        remaining = length;
        decoded = 0;
    }

    void startChunked() {
        state = SIZE;
        remaining = 0;
        digits = 0;
        lineBytes = 0;
        decoded = 0;
    }

    /** Decodes from {@code in}, consuming it; returns {@link #NEED_MORE}, {@link #DONE} or -status. */
    int decode(ByteBuffer in, Body body) {
        return decode(in, body, null);
    }

    /**
     * Streams: decodes from {@code in} into {@code dst}, as much as fits; returns {@link #NEED_MORE} (input
     * used up or {@code dst} full), {@link #DONE} or -status.
     */
    int decode(ByteBuffer in, ByteBuffer dst) {
        return decode(in, null, dst);
    }

    /** True once the body has been decoded to its end. */
    boolean finished() {
        return state == FIXED ? remaining == 0 : state == END;
    }

    private int decode(ByteBuffer in, Body body, ByteBuffer dst) {
        if (state == END) {
            return DONE;
        }
        if (state == FIXED) {
            take(in, body, dst);
            return remaining == 0 ? DONE : NEED_MORE;
        }
        while (in.hasRemaining()) {
            if (state == DATA) {
                if (take(in, body, dst) == 0) {
                    return NEED_MORE; // dst is full
                }
                if (remaining == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            byte b = in.get();
            int status = step(b);
            if (status != NEED_MORE) {
                return status;
            }
        }
        return NEED_MORE;
    }

    /** Moves data from {@code in} to the body or {@code dst}: at most what is left of the body or chunk. */
    private int take(ByteBuffer in, Body body, ByteBuffer dst) {
        int n = (int) Math.min(remaining, in.remaining());
        if (dst != null) {
            n = Math.min(n, dst.remaining());
            dst.put(dst.position(), in, in.position(), n);
            dst.position(dst.position() + n);
            in.position(in.position() + n);
        } else {
            body.append(in, n);
        }
        remaining -= n;
        decoded += n;
        return n;
    }

    private int step(byte b) {
        if (state >= EXT_BWS) {
            return ++lineBytes > limits.maxRequestLine() ? -Status.BAD_REQUEST : extension(b);
        }
        switch (state) {
            case SIZE -> {
                int hex = Ascii.hexValue(b);
                if (hex >= 0) {
                    if (++digits > MAX_SIZE_DIGITS) {
                        return -Status.BAD_REQUEST;
                    }
                    remaining = remaining * 16 + hex;
                } else if (digits == 0 || (b != ';' && b != Ascii.CR && !Ascii.isWhitespace(b))) {
                    return -Status.BAD_REQUEST;
                } else if (decoded + remaining > limits.maxBody()) {
                    // judged once the size is complete: a malformed size is a 400 even when it is also huge
                    return -Status.CONTENT_TOO_LARGE;
                } else {
                    state = b == Ascii.CR ? SIZE_LF : b == ';' ? EXT_NAME_START : EXT_BWS;
                }
            }
            case SIZE_LF -> {
                if (b != Ascii.LF) {
                    return -Status.BAD_REQUEST;
                }
                digits = 0;
                lineBytes = 0;
                state = remaining == 0 ? TRAILER_START : DATA;
            }
            case DATA_CR -> {
                if (b != Ascii.CR) {
                    return -Status.BAD_REQUEST;
                }
                state = DATA_LF;
            }
            case DATA_LF -> {
                if (b != Ascii.LF) {
                    return -Status.BAD_REQUEST;
                }
                state = SIZE;
            }
            case TRAILER_START -> {
                if (b == Ascii.CR) {
                    state = END_LF;
                } else if (Ascii.isToken(b)) {
                    state = TRAILER_NAME; // trailer fields are checked and dropped
                } else {
                    return -Status.BAD_REQUEST; // obs-fold, empty name, control bytes
                }
            }
            case TRAILER_NAME, TRAILER_VALUE -> {
                if (++lineBytes > limits.maxHeaderBytes()) {
                    return -Status.HEADER_FIELDS_TOO_LARGE;
                }
                if (state == TRAILER_NAME) {
                    if (b == ':') {
                        state = TRAILER_VALUE;
                    } else if (!Ascii.isToken(b)) {
                        return -Status.BAD_REQUEST; // includes whitespace before the colon, or no colon
                    }
                } else if (b == Ascii.CR) {
                    state = TRAILER_LF;
                } else if (!Ascii.isFieldValue(b)) {
                    return -Status.BAD_REQUEST;
                }
            }
            case TRAILER_LF -> {
                if (b != Ascii.LF) {
                    return -Status.BAD_REQUEST;
                }
                state = TRAILER_START;
            }
            case END_LF -> {
                if (b != Ascii.LF) {
                    return -Status.BAD_REQUEST;
                }
                state = END;
                return DONE;
            }
            default -> throw new IllegalStateException("body state " + state);
        }
        return NEED_MORE;
    }

    /**
     * One byte of a chunk extension. Names and values are tokens or quoted-strings; whitespace is allowed
     * only where RFC 9112 puts BWS: before ';' and around '=', never at the end of the line.
     */
    private int extension(byte b) {
        boolean ws = Ascii.isWhitespace(b);
        int next = switch (state) {
            case EXT_BWS -> ws ? EXT_BWS : b == ';' ? EXT_NAME_START : -1;
            case EXT_NAME_START -> ws ? EXT_NAME_START : Ascii.isToken(b) ? EXT_NAME : -1;
            case EXT_NAME -> Ascii.isToken(b) ? EXT_NAME : ws ? EXT_NAME_BWS : b == '=' ? EXT_VALUE_START
                    : b == ';' ? EXT_NAME_START : b == Ascii.CR ? SIZE_LF : -1;
            case EXT_NAME_BWS -> ws ? EXT_NAME_BWS : b == '=' ? EXT_VALUE_START : b == ';' ? EXT_NAME_START : -1;
            case EXT_VALUE_START -> ws ? EXT_VALUE_START : b == '"' ? EXT_QUOTED : Ascii.isToken(b) ? EXT_TOKEN : -1;
            case EXT_TOKEN, EXT_QUOTED_END -> (state == EXT_TOKEN && Ascii.isToken(b)) ? EXT_TOKEN
                    : ws ? EXT_BWS : b == ';' ? EXT_NAME_START : b == Ascii.CR ? SIZE_LF : -1;
            case EXT_QUOTED -> b == '"' ? EXT_QUOTED_END : b == '\\' ? EXT_QUOTED_PAIR
                    : Ascii.isQuotedText(b) ? EXT_QUOTED : -1; // a CR here: the quoted-string never ended
            case EXT_QUOTED_PAIR -> Ascii.isFieldValue(b) ? EXT_QUOTED : -1;
            default -> throw new IllegalStateException("extension state " + state);
        };
        if (next < 0) {
            return -Status.BAD_REQUEST;
        }
        state = next;
        return NEED_MORE;
    }
}
