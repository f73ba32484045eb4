package http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import transport.Connection;

/**
 * A streamed response body on its way out (DESIGN.md rule 15): pulled from its source into the free space
 * of the connection's output buffer only as the socket takes it, chunk-framed when its length is unknown in
 * HTTP/1.1. It never holds more than the output bound, and one event pulls at most about that much before
 * the connection gives the worker back (fairness). Owned by one connection's exchange; reused.
 */
final class StreamedBody {
    private static final Logger log = LoggerFactory.getLogger(StreamedBody.class);

    /** {@link #pump} results: the body is all in the output buffer... */
    static final int DONE = 0;
    /** ...the output buffer is full: flush it, then pump again... */
    static final int FULL = 1;
    /** ...this event pulled its share: let other connections have the worker, go on at the next event... */
    static final int YIELD = 2;
    /** ...the source failed or ended short of its length: close the connection (its framing is cut). */
    static final int FAILED = 3;

    /** Room below which the output buffer is flushed before more is pulled. */
    private static final int MIN_ROOM = 512;
    /** Reserved for a chunk's size line (hex digits padded with leading zeros to this width) and its CRLF. */
    private static final int SIZE_LINE = 8 + 2;

    private ReadableByteChannel source;
    private long remaining;        // bytes still to send of a known length; -1: unknown
    private boolean chunked;
    private boolean closeAfter;    // the connection closes when the body ends
    private boolean lastChunkDue;  // chunked, and the source has ended: the last chunk is still to write
    private long stamp;            // the event whose share 'pulled' counts
    private long pulled;

    /** Starts sending {@code from}'s source; {@code length} -1 means unknown. */
    void start(ReadableByteChannel from, long length, boolean chunked, boolean closeAfter) {
        this.source = from;
        this.remaining = length;
        this.chunked = chunked;
        this.closeAfter = closeAfter;
        this.lastChunkDue = false;
        this.stamp = 0;
        this.pulled = 0;
    }

    /** True while a body is being sent. */
    boolean active() {
        return source != null || lastChunkDue;
    }

    /** Whether the connection must close once the body is sent (close-delimited, or it was asked to). */
    boolean closeAfter() {
        return closeAfter;
    }

    /**
     * Pulls what fits into the output buffer, up to {@code bound} bytes held and about {@code bound} bytes
     * per event ({@code eventStamp}: the event's clock, which tells one event from the next).
     */
    int pump(Connection io, int bound, long eventStamp) {
        if (eventStamp != stamp) {
            stamp = eventStamp;
            pulled = 0;
        }
        while (true) {
            if (lastChunkDue) {
                ByteBuffer out = io.output(Chunks.LAST.length);
                if (out == null) {
                    return FULL;
                }
                out.put(Chunks.LAST);
                lastChunkDue = false;
                return DONE;
            }
            if (pulled >= bound) {
                return YIELD;
            }
            ByteBuffer out = io.output(MIN_ROOM);
            if (out == null || bound - out.position() < MIN_ROOM) {
                return FULL;
            }
            int room = Math.min(out.remaining(), bound - out.position());
            int n;
            try {
                n = chunked ? readChunk(out, room) : readPlain(out, room);
            } catch (IOException | RuntimeException e) {
                log.warn("Streamed response body: reading its source failed; closing the connection", e);
                end();
                return FAILED;
            }
            if (n < 0) {
                if (remaining > 0) {
                    end(); // shorter than its Content-Length: the client must see a cut, not a wrong framing
                    return FAILED;
                }
                end();
                if (chunked) {
                    lastChunkDue = true;
                    continue;
                }
                return DONE;
            }
            if (n == 0) {
                return out.position() > 0 ? FULL : YIELD; // a source with nothing now: try at the next event
            }
            pulled += n;
            if (remaining > 0) {
                remaining -= n;
                if (remaining == 0) {
                    end(); // longer than its length: the rest is never read
                    return DONE;
                }
            }
        }
    }

    /** Reads at most {@code room} bytes (less what a known length leaves) at the buffer's position. */
    private int readPlain(ByteBuffer out, int room) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int want = remaining > 0 ? (int) Math.min(room, remaining) : room;
        int limit = out.limit();
        out.limit(out.position() + want);
        try {
            return source.read(out);
        } finally {
            out.limit(limit);
        }
    }

    /** Reads one chunk's data behind room for its size line, then writes the size line and the CRLF. */
    private int readChunk(ByteBuffer out, int room) throws IOException {
        int start = out.position();
        int limit = out.limit();
        out.position(start + SIZE_LINE).limit(start + room - 2);
        int n;
        try {
            n = source.read(out);
        } finally {
            out.limit(limit);
        }
        if (n <= 0) {
            out.position(start);
            return n;
        }
        for (int i = SIZE_LINE - 3, size = n; i >= 0; i--, size >>>= 4) {
            out.put(start + i, (byte) Character.forDigit(size & 0xF, 16)); // leading zeros: same framing
        }
        out.put(start + SIZE_LINE - 2, (byte) '\r').put(start + SIZE_LINE - 1, (byte) '\n');
        Chunks.putTrailer(out);
        return n;
    }

    /** The body ended (or failed): its source is closed, once. */
    private void end() {
        closeQuietly(source);
        source = null;
    }

    /** The connection closes with the body unfinished: its source is closed (once; nothing if none). */
    void abort() {
        end();
        lastChunkDue = false;
    }

    /** Closes a source nobody will read any more; a failure to close is not the client's concern. */
    static void closeQuietly(ReadableByteChannel source) {
        if (source == null) {
            return;
        }
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing a streamed body's source failed", e);
        }
    }
}
