package transport;

import java.io.IOException;
import java.nio.ByteBuffer;

import platform.Socket;

/**
 * Buffered, non-blocking I/O for one connection.
 *
 * <p>Input: {@link #input()} holds the bytes read and not yet consumed, between its position and limit.
 * Output: responses are appended to {@link #output(int)}; one {@link #flush()} writes them all with one
 * system call, plus at most one large body queued by {@link #queueBody} behind them (a gathering write).
 * Both buffers are borrowed from the pool only while they hold bytes, so an idle connection holds none.
 */
public final class Connection {
    /** Result of {@link #read()} when the input buffer has no free space left. */
    public static final int FULL = -2;
    /** Result of {@link #read()} at end of stream. */
    public static final int EOF = -1;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Socket socket;
    private final BufferPool pool;
    private ByteBuffer in = EMPTY;    // read mode: [position, limit) is unconsumed input
    private ByteBuffer out;           // write mode: [0, position) is unsent output
    private ByteBuffer body;          // a large body to send after out, or null
    private ByteBuffer[] gather;

    public Connection(Socket socket, BufferPool pool) {
        this.socket = socket;
        this.pool = pool;
    }

    // ---- input ----

    /**
     * Reads once into the input buffer, compacting it first when its free tail is exhausted.
     * Returns the bytes read, 0 if none were ready, {@link #EOF} or {@link #FULL}.
     */
    public int read() throws IOException {
        if (in == EMPTY) {
            in = pool.acquire();
            in.limit(0);
        }
        if (!in.hasRemaining()) {
            in.position(0).limit(0); // everything consumed: start again at the front
        }
        int start = in.position();
        int end = in.limit();
        if (end == in.capacity()) {
            if (start == 0) {
                return FULL;
            }
            in.compact().flip(); // the unconsumed bytes move to the front; still in read mode
            start = 0;
            end = in.limit();
        }
        in.position(end).limit(in.capacity());
        int n;
        try {
            n = socket.read(in);
        } finally {
            in.limit(in.position()).position(start);
        }
        return n;
    }

    /** Unconsumed input: advance its position to consume. Empty (and pool-free) when nothing is buffered. */
    public ByteBuffer input() {
        return in;
    }

    public boolean hasInput() {
        return in.hasRemaining();
    }

    /** Drops all buffered input (after a framing error nothing more is parsed). */
    public void discardInput() {
        in.position(in.limit());
    }

    // ---- output ----

    /**
     * The output buffer with at least {@code need} bytes free for appending, or null when the pending
     * output must be flushed first (or a queued body is pending, since nothing may be appended after it).
     */
    public ByteBuffer output(int need) {
        if (body != null) {
            return null;
        }
        if (out == null) {
            out = pool.acquire();
        }
        return out.remaining() >= need ? out : null;
    }

    /** Largest {@code need} that {@link #output(int)} can ever satisfy. */
    public int outputCapacity() {
        return pool.bufferSize();
    }

    /** Queues a body too large to copy into the output buffer; it is sent after what is buffered. */
    public void queueBody(ByteBuffer largeBody) {
        if (body != null) {
            throw new IllegalStateException("a body is already queued");
        }
        body = largeBody;
    }

    /** True while a large body is queued: nothing may be appended, and the next request must wait. */
    public boolean hasQueuedBody() {
        return body != null;
    }

    public boolean hasOutput() {
        return (out != null && out.position() > 0) || body != null;
    }

    /**
     * Writes pending output: one system call. Returns the bytes it wrote; {@link #hasOutput()} tells whether
     * anything is left, in which case the caller asks for write interest (never spins). 0 with output left
     * means the peer made no progress: its write deadline must not move.
     */
    public long flush() throws IOException {
        long written = 0;
        if (out != null && out.position() > 0) {
            out.flip();
            try {
                if (body == null) {
                    written = socket.write(out);
                } else {
                    if (gather == null) {
                        gather = new ByteBuffer[2];
                    }
                    gather[0] = out;
                    gather[1] = body;
                    written = socket.write(gather, 2);
                }
            } finally {
                out.compact();
            }
        } else if (body != null) {
            written = socket.write(body);
        }
        if (body != null && !body.hasRemaining()) {
            body = null;
            if (gather != null) {
                gather[1] = null;
            }
        }
        return written;
    }

    /** Returns buffers that hold nothing to the pool (call before re-arming an idle connection). */
    public void releaseIdleBuffers() {
        if (in != EMPTY && !in.hasRemaining()) {
            pool.release(in);
            in = EMPTY;
        }
        if (out != null && out.position() == 0 && body == null) {
            pool.release(out);
            out = null;
        }
    }

    /** Returns every buffer, whatever it holds (on close). */
    public void releaseAll() {
        if (in != EMPTY) {
            pool.release(in);
            in = EMPTY;
        }
        if (out != null) {
            pool.release(out);
            out = null;
        }
        body = null;
        gather = null;
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }
}
