package transport;

import java.io.IOException;
import java.nio.ByteBuffer;

import platform.OpenFile;
import platform.Socket;

/**
 * Buffered, non-blocking I/O for one connection.
 *
 * <p>Input: {@link #input()} holds the bytes read and not yet consumed, between its position and limit.
 * Output: responses are appended to {@link #output(int)}; one {@link #flush()} writes them all with one
 * system call, plus at most one large body queued by {@link #queueBody} behind them (a gathering write), or
 * a region of a file queued by {@link #queueFile}, sent from the file by the kernel after them.
 * Both buffers are borrowed from pools only while they hold bytes, so an idle connection holds none. Input
 * starts in a small buffer (enough for a typical head) and moves to a full-size one only when a head, a
 * body or a burst of requests outgrows it, so that many slow heads cost little. A pool with nothing left
 * to lend makes {@link #read()} and {@link #output(int)} throw {@link BufferShortage}.
 */
public final class Connection {
    /** Result of {@link #read()} when the input buffer has no free space left. */
    public static final int FULL = -2;
    /** Result of {@link #read()} at end of stream. */
    public static final int EOF = -1;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** The most of a file one flush sends: a fast reader of a large file does not keep the worker. */
    public static final long MAX_FILE_SEND = 2 << 20;

    private final Socket socket;
    private final TrafficCounter traffic;
    private final BufferPool heads;   // small buffers, where input starts
    private final BufferPool pool;    // full-size buffers: output, and input that outgrew a small one
    private ByteBuffer in = EMPTY;    // read mode: [position, limit) is unconsumed input
    private boolean wantFull;         // the last read filled the small input buffer: more is coming
    private ByteBuffer out;           // write mode: [0, position) is unsent output
    private ByteBuffer body;          // a large body to send after out, or null
    private ByteBuffer[] gather;
    private OpenFile file;            // a file region to send after out, or null; one reference is ours
    private long filePosition;
    private long fileRemaining;

    /**
     * @param heads small buffers that input starts in
     * @param pool  full-size buffers, for output and for input that outgrows a small buffer
     */
    public Connection(Socket socket, BufferPool heads, BufferPool pool) {
        this(socket, heads, pool, TrafficCounter.NONE);
    }

    /**
     * @param heads   small buffers that input starts in
     * @param pool    full-size buffers, for output and for input that outgrows a small buffer
     * @param traffic told every byte read and written
     */
    public Connection(Socket socket, BufferPool heads, BufferPool pool, TrafficCounter traffic) {
        this.socket = socket;
        this.traffic = traffic;
        this.heads = heads;
        this.pool = pool;
    }

    // ---- input ----

    /**
     * Reads once into the input buffer, compacting it first when its free tail is exhausted (or moving to
     * a full-size buffer when it is the small one). Returns the bytes read, 0 if none were ready,
     * {@link #EOF} or {@link #FULL}; throws {@link BufferShortage} when no buffer can be had.
     */
    public int read() throws IOException {
        if (in == EMPTY) {
            in = lend(heads);
            in.limit(0);
        }
        if (!in.hasRemaining()) {
            in.position(0).limit(0); // everything consumed: start again at the front
        }
        int start = in.position();
        int end = in.limit();
        boolean small = in.capacity() < pool.bufferSize();
        if (small && (end == in.capacity() || wantFull)) {
            moveToFullBuffer();
            start = 0;
            end = in.limit();
            small = false;
        } else if (end == in.capacity()) {
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
        if (n > 0) {
            traffic.received(n);
            if (small && n == in.capacity() - end) {
                wantFull = true; // it took all the room it had: the client has more to send than a head
            }
        }
        return n;
    }

    /** The unconsumed input moves from the small buffer to a full-size one. */
    private void moveToFullBuffer() {
        ByteBuffer full = lend(pool);
        full.put(in).flip();
        heads.release(in);
        in = full;
        wantFull = false;
    }

    private static ByteBuffer lend(BufferPool from) {
        ByteBuffer buffer = from.acquire();
        if (buffer == null) {
            throw BufferShortage.INSTANCE;
        }
        return buffer;
    }

    private void releaseInput() {
        (in.capacity() < pool.bufferSize() ? heads : pool).release(in);
        in = EMPTY;
        wantFull = false;
    }

    /** Unconsumed input: advance its position to consume. Empty (and pool-free) when nothing is buffered. */
    public ByteBuffer input() {
        return in;
    }

    public boolean hasInput() {
        return in.hasRemaining();
    }

    /** Drops all buffered input (after a framing error nothing more is parsed, only drained). */
    public void discardInput() {
        in.position(in.limit());
        wantFull = false;
    }

    // ---- output ----

    /**
     * The output buffer with at least {@code need} bytes free for appending, or null when the pending
     * output must be flushed first (or a queued body is pending, since nothing may be appended after it).
     * Throws {@link BufferShortage} when there is no output buffer and none can be had.
     */
    public ByteBuffer output(int need) {
        if (hasQueuedBody()) {
            return null;
        }
        if (out == null) {
            out = lend(pool);
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

    /**
     * Queues {@code count} bytes of {@code file} from {@code position}, sent after what is buffered straight
     * from the file (never through the heap), at most {@link #MAX_FILE_SEND} per flush. Takes over one
     * reference to the file: it is closed once it is sent, or when the connection's buffers are released.
     */
    public void queueFile(OpenFile region, long position, long count) {
        if (hasQueuedBody()) {
            region.close();
            throw new IllegalStateException("a body is already queued");
        }
        if (count <= 0) {
            region.close(); // nothing to send: the head must not wait, corked, for bytes that never come
            return;
        }
        file = region;
        filePosition = position;
        fileRemaining = count;
    }

    /** True while a large body or a file is queued: nothing may be appended, and the next request must wait. */
    public boolean hasQueuedBody() {
        return body != null || file != null;
    }

    public boolean hasOutput() {
        return (out != null && out.position() > 0) || hasQueuedBody();
    }

    /**
     * Writes pending output: one system call, or two when a file follows the buffered bytes (at most
     * {@link #MAX_FILE_SEND} of the file). Returns the bytes it wrote; {@link #hasOutput()} tells whether
     * anything is left, in which case the caller asks for write interest (never spins). 0 with output left
     * means the peer made no progress: its write deadline must not move.
     *
     * @throws FileEndedEarly when a queued file has fewer bytes than were promised (it shrank)
     */
    public long flush() throws IOException {
        long written = 0;
        if (out != null && out.position() > 0) {
            out.flip();
            try {
                if (file != null) {
                    written = socket.writeMore(out); // the file's first bytes may join these in one segment
                } else if (body == null) {
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
        if (file != null && (out == null || out.position() == 0)) {
            written += sendFile();
        }
        if (written > 0) {
            traffic.sent(written);
        }
        return written;
    }

    private long sendFile() throws IOException {
        long n = socket.sendFile(file, filePosition, Math.min(fileRemaining, MAX_FILE_SEND));
        if (n < 0) {
            long missing = fileRemaining;
            dropFile();
            throw new FileEndedEarly(missing);
        }
        filePosition += n;
        fileRemaining -= n;
        if (fileRemaining == 0) {
            dropFile();
        }
        return n;
    }

    private void dropFile() {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /**
     * Returns buffers that hold nothing to the pool: call before re-arming an idle connection, or one that
     * waits to write only a queued file.
     */
    public void releaseIdleBuffers() {
        if (in != EMPTY && !in.hasRemaining()) {
            releaseInput();
        }
        if (out != null && out.position() == 0 && body == null) { // a queued file needs no buffer
            pool.release(out);
            out = null;
        }
    }

    /** Returns every buffer, whatever it holds (on close). */
    public void releaseAll() {
        if (in != EMPTY) {
            releaseInput();
        }
        if (out != null) {
            pool.release(out);
            out = null;
        }
        body = null;
        gather = null;
        dropFile();
    }

    /**
     * Writes {@code bytes} straight to the socket, unbuffered, once (for a fixed answer when no output
     * buffer can be had); true when the socket took them all.
     */
    public boolean writeUnbuffered(byte[] bytes) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        int written = socket.write(src);
        if (written > 0) {
            traffic.sent(written);
        }
        return !src.hasRemaining();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }
}
