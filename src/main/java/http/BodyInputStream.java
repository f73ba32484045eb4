package http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

import transport.Connection;

/**
 * A request body read by a blocking handler as it arrives: decoded (Content-Length or chunked, with the same
 * limits as a buffered body) from the connection's input buffer, which is refilled from the socket when it
 * runs dry, waiting for read interest (never more than the input buffer held). {@code Expect: 100-continue}
 * is answered at the first read, so a handler that refuses without reading never gets the body.
 */
final class BodyInputStream extends InputStream {
    /** After the handler, at most this much unread body is skipped to keep the connection; more: close. */
    private static final long SKIP_AT_MOST = 1024 * 1024;

    private final BlockingExchange owner;
    private final Connection io;
    private final BodyDecoder decoder;
    private final Request request;
    private final HttpContext context;
    private boolean continuePending;
    private boolean done;
    private int failed;       // the status of a body error, thrown again by every later read
    private byte[] one;

    BodyInputStream(BlockingExchange owner, Connection io, BodyDecoder decoder, Request request, HttpContext context) {
        this.owner = owner;
        this.io = io;
        this.decoder = decoder;
        this.request = request;
        this.context = context;
        this.continuePending = request.expectContinue;
    }

    @Override
    public int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failed != 0) {
            throw new BodyException(failed);
        }
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        owner.checkOpen();
        if (continuePending) {
            sendContinue();
        }
        ByteBuffer dst = ByteBuffer.wrap(b, off, len);
        while (true) {
            int result = decoder.decode(io.input(), dst);
            int n = dst.position() - off;
            if (result < 0) {
                failed = -result;
                throw new BodyException(failed);
            }
            if (result == BodyDecoder.DONE) {
                done = true;
                return n > 0 ? n : -1;
            }
            if (n > 0) {
                return n;
            }
            fill();
        }
    }

    @Override
    public int available() {
        return done ? 0 : (int) Math.min(io.input().remaining(), Integer.MAX_VALUE);
    }

    /** The decoder used all the input: read once more, waiting for the socket if it has nothing. */
    private void fill() throws IOException {
        while (true) {
            int n = io.read();
            if (n == Connection.EOF) {
                throw new EOFException("the client closed the connection before the end of the body");
            }
            if (n > 0) {
                return;
            }
            if (n == Connection.FULL) {
                throw new IllegalStateException("input full while streaming a body"); // the decoder takes all
            }
            owner.awaitReadable();
        }
    }

    /**
     * The first read: the client may send the body now, unless it did not wait for the answer, or the final
     * head went out already (a flushed output stream): a 100 after it would land in the body.
     */
    private void sendContinue() throws IOException {
        continuePending = false;
        if (io.hasInput() || owner.headSent()) {
            return;
        }
        ByteBuffer out = io.output(Headers.CONTINUE.length);
        if (out == null) {
            owner.flushAll();
            out = io.output(Headers.CONTINUE.length);
        }
        out.put(Headers.CONTINUE);
        owner.flushAll();
    }

    /**
     * For body() in a blocking handler: reads the rest of the body into {@code body}, counted against the
     * buffered-body budget (503 when it is spent), up to the max body like any body.
     */
    void readAllInto(Body body) throws IOException {
        long maxBody = context.limits().maxBody();
        if (!request.chunked && !body.reserve(context.bodyBudget(), request.contentLength, request.contentLength)) {
            throw new BodyException(Status.SERVICE_UNAVAILABLE);
        }
        byte[] chunk = new byte[8192];
        int n;
        while ((n = read(chunk, 0, chunk.length)) > 0) {
            if (!body.reserve(context.bodyBudget(), body.length() + (long) n, maxBody)) {
                throw new BodyException(Status.SERVICE_UNAVAILABLE);
            }
            body.append(ByteBuffer.wrap(chunk, 0, n), n);
        }
    }

    /**
     * After the handler: skips what it left of the body, so the connection can go on. False when it should
     * close instead: more than {@link #SKIP_AT_MOST} is left, or the client waits for a 100 that never came
     * (it may never send the body).
     */
    boolean skipRest() throws IOException {
        if (done || decoder.finished()) {
            return true;
        }
        if (continuePending && !io.hasInput()) {
            return false;
        }
        continuePending = false;
        byte[] scratch = new byte[8192];
        for (long skipped = 0; skipped < SKIP_AT_MOST; ) {
            int n = read(scratch, 0, scratch.length);
            if (n < 0) {
                return true;
            }
            skipped += n;
        }
        return false;
    }
}
