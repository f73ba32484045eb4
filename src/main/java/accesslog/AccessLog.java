package accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;
import org.jctools.queues.varhandle.SpmcVarHandleArrayQueue;

import http.Request;
import http.ResponseListener;

/**
 * An access log: one line per response, in nginx's combined format (plus the request time) or as JSON
 * ({@link AccessLogOptions}). Give it to {@link http.ServerOptions#responseListener}.
 *
 * <p>A worker never blocks on it and takes no lock: it takes a preallocated slot from a lock-free queue,
 * copies the request's raw fields into it (allocating nothing) and queues it for the writer thread
 * {@code skep-access-log}, which formats and writes the lines in batches. When no slot is free (the writer
 * is behind), the line is dropped and counted ({@link #dropped()}), never waited for.
 */
public final class AccessLog implements ResponseListener, AutoCloseable {
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final SpmcVarHandleArrayQueue<LogSlot> free; // the writer gives slots back, workers take them
    private final MpscVarHandleArrayQueue<LogSlot> full; // workers queue them, the writer takes them
    private final byte[][] excluded;
    private final int wakeAt;
    private final LogWriter writer;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    /** Opens the file (or takes standard output) and starts the writer thread. */
    public AccessLog(AccessLogOptions options) throws IOException {
        this(options, options.file() == null ? Sink.stream(System.out, false) : Sink.file(options.file()));
    }

    /** For tests: writes to {@code out}, closed by {@link #close()}. */
    AccessLog(AccessLogOptions options, OutputStream out) {
        this(options, Sink.stream(out, true));
    }

    /** For tests: writes to {@code sink}. */
    AccessLog(AccessLogOptions options, Sink sink) {
        int capacity = options.queueCapacity();
        this.free = new SpmcVarHandleArrayQueue<>(capacity);
        this.full = new MpscVarHandleArrayQueue<>(capacity); // both hold every slot: an offer never fails
        for (int i = 0; i < capacity; i++) {
            free.offer(new LogSlot());
        }
        List<String> paths = options.excludedPaths();
        this.excluded = new byte[paths.size()][];
        for (int i = 0; i < excluded.length; i++) {
            excluded[i] = paths.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.wakeAt = Math.max(1, capacity / 4);
        this.writer = new LogWriter(full, free, sink, options.format(), this);
        this.thread = new Thread(writer, "skep-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void responded(int shard, Request request, int status, long bodyBytes, long startNanos, long endNanos) {
        if (closed || request.headComplete() && isExcluded(request)) {
            return;
        }
        LogSlot slot = free.poll(); // not relaxedPoll: that may miss a slot being given back, a false drop
        if (slot == null) {
            dropped.getAndIncrement();
            return;
        }
        slot.fill(request, status, bodyBytes, endNanos - startNanos, System.currentTimeMillis());
        full.relaxedOffer(slot);
        // A parked writer wakes by itself within LogWriter.IDLE_PARK; wake it early only when lines pile up.
        if (writer.sleeping && full.size() >= wakeAt) {
            LockSupport.unpark(thread);
        }
    }

    private boolean isExcluded(Request request) {
        int length = request.rawPathLength();
        for (byte[] path : excluded) {
            if (path.length == length && samePath(request, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePath(Request request, byte[] path) {
        for (int i = 0; i < path.length; i++) {
            if (request.rawPathByte(i) != path[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asks the writer to close and open the file again at its next turn, after a rotation ({@code mv}, then
     * this, e.g. on {@code SIGHUP}): lines the writer took before go to the file open before, lines queued
     * after this call to the new one, even under load (lines queued before it but not yet taken may go to
     * either). Any thread; standard output is not reopened.
     */
    public void reopen() {
        writer.reopenAsked.set(true);
        LockSupport.unpark(thread);
    }

    /** Lines dropped: the queue was full, or writing them failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines written to the destination. */
    public long written() {
        return written.get();
    }

    void addDropped(long lines) {
        dropped.addAndGet(lines);
    }

    void addWritten(long lines) {
        written.addAndGet(lines);
    }

    /**
     * Stops logging: writes the lines queued so far, closes the file and stops the writer thread, waiting for
     * it at most 5 seconds (a destination that does not take the lines is given up on: the lines still queued
     * then are added to {@link #dropped()}). Responses after this are not logged.
     */
    @Override
    public void close() {
        closed = true;
        writer.stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.MILLISECONDS.toMillis(CLOSE_WAIT_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) { // stuck on the destination: what it has not taken yet will never be written
            writer.abandoned = true;
        }
        // Lines still queued: after a writer given up on, or queued by a worker that read closed just before it.
        addDropped(full.size());
    }
}
