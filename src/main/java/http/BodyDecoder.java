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
    private static final int EXTENSION = 2;
    private static final int SIZE_LF = 3;
    private static final int DATA = 4;
    private static final int DATA_CR = 5;
    private static final int DATA_LF = 6;
    private static final int TRAILER_START = 7;
    private static final int TRAILER = 8;
    private static final int TRAILER_LF = 9;
    private static final int END_LF = 10;

    /** More hex digits than this are a 400: too long, or a size that would overflow a long at 16. */
    private static final int MAX_SIZE_DIGITS = 15;

    private final Limits limits;
    private int state;
    private long remaining;   // bytes left in the fixed body or the current chunk
    private int digits;
    private int lineBytes;    // bytes of the current size or trailer line, to bound them

    BodyDecoder(Limits limits) {
        this.limits = limits;
    }

    void startFixed(long length) {
        state = FIXED;
        remaining = length;
    }

    void startChunked() {
        state = SIZE;
        remaining = 0;
        digits = 0;
        lineBytes = 0;
    }

    /** Decodes from {@code in}, consuming it; returns {@link #NEED_MORE}, {@link #DONE} or -status. */
    int decode(ByteBuffer in, Body body) {
        if (state == FIXED) {
            int n = (int) Math.min(remaining, in.remaining());
            body.append(in, n);
            remaining -= n;
            return remaining == 0 ? DONE : NEED_MORE;
        }
        while (in.hasRemaining()) {
            if (state == DATA) {
                int n = (int) Math.min(remaining, in.remaining());
                body.append(in, n);
                remaining -= n;
                if (remaining == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            byte b = in.get();
            int status = step(b, body);
            if (status != NEED_MORE) {
                return status;
            }
        }
        return NEED_MORE;
    }

    private int step(byte b, Body body) {
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
                } else if (body.length() + remaining > limits.maxBody()) {
                    // judged once the size is complete: a malformed size is a 400 even when it is also huge
                    return -Status.CONTENT_TOO_LARGE;
                } else {
                    state = b == Ascii.CR ? SIZE_LF : EXTENSION;
                }
            }
            case EXTENSION -> {
                if (b == Ascii.CR) {
                    state = SIZE_LF;
                } else if (!Ascii.isFieldValue(b) || ++lineBytes > limits.maxRequestLine()) {
                    return -Status.BAD_REQUEST;
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
                    state = TRAILER; // trailer fields are read and dropped
                } else {
                    return -Status.BAD_REQUEST;
                }
            }
            case TRAILER -> {
                if (++lineBytes > limits.maxHeaderBytes()) {
                    return -Status.HEADER_FIELDS_TOO_LARGE;
                }
                if (b == Ascii.CR) {
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
                return b == Ascii.LF ? DONE : -Status.BAD_REQUEST;
            }
            default -> throw new IllegalStateException("body state " + state);
        }
        return NEED_MORE;
    }
}
