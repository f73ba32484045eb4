package http;

import events.EventLoop;
import events.WorkerCounters;
import events.WorkerPool;
import transport.TrafficCounter;

/**
 * What a running server counts about itself ({@link HttpServer#stats()}): read when metrics are scraped.
 * Counting is per worker ({@link WorkerCounters}): no lock and no allocation on the connection's thread;
 * reading sums the workers' counts. Bytes and active requests, counted on every read, write and request, are
 * counted only when someone watches (a {@link ServerOptions#responseListener} is set or
 * {@link ServerOptions#measureBusyTime} is on: an admin port), so that a server without metrics pays nothing
 * for them; the rest (connections, timeouts, refusals: rare events) always.
 */
public final class ServerStats implements TrafficCounter {
    /** Why the server gave up waiting on a connection. */
    public enum Timeout {
        /** A request head was not complete in time (408). */
        HEADER,
        /** A request body stalled (408). */
        BODY,
        /** An idle keep-alive connection was closed. */
        KEEP_ALIVE,
        /** The client did not read its response. */
        WRITE,
        /** A deferred response was not completed in time (503). */
        HANDLER
    }

    private static final int RECEIVED = 0;
    private static final int SENT = 1;
    private static final int STARTED = 2;     // requests whose head was read
    private static final int ENDED = 3;       // ...and that were answered, or whose connection closed first
    private static final int REFUSED = 4;     // 503s written with no buffer to read the request in
    private static final int TIMEOUTS = 5;    // one per Timeout kind
    private static final Timeout[] KINDS = Timeout.values();

    private final WorkerPool pool;
    private final WorkerCounters counters;
    private final boolean counting; // bytes and active requests
    private EventLoop loop; // set once the loop exists, before the server is returned to anyone

    ServerStats(WorkerPool pool, boolean counting) {
        this.pool = pool;
        this.counting = counting;
        this.counters = new WorkerCounters(pool, TIMEOUTS + KINDS.length);
    }

    void loop(EventLoop loop) {
        this.loop = loop;
    }

    /** The calling thread's shard for a {@link ResponseListener}: its worker index, or -1 for any other thread. */
    int shard() {
        return pool.currentIndex();
    }

    @Override
    public void received(long bytes) {
        if (counting) {
            counters.add(RECEIVED, bytes);
        }
    }

    @Override
    public void sent(long bytes) {
        if (counting) {
            counters.add(SENT, bytes);
        }
    }

    void requestStarted() {
        if (counting) {
            counters.increment(STARTED);
        }
    }

    void requestEnded() {
        if (counting) {
            counters.increment(ENDED);
        }
    }

    /** Whether bytes and active requests are counted (see the class comment). */
    public boolean counting() {
        return counting;
    }

    void refused() {
        counters.increment(REFUSED);
    }

    void timedOut(Timeout kind) {
        counters.increment(TIMEOUTS + kind.ordinal());
    }

    /** Bytes read from clients since the start; 0 unless {@link #counting()}. */
    public long bytesReceived() {
        return counters.sum(RECEIVED);
    }

    /** Bytes written to clients since the start (heads, bodies and files); 0 unless {@link #counting()}. */
    public long bytesSent() {
        return counters.sum(SENT);
    }

    /**
     * Requests whose head has been read and that are not answered yet (being handled, or deferred); 0 unless
     * {@link #counting()}.
     */
    public long activeRequests() {
        long ended = counters.sum(ENDED); // first: a request counted in it was counted in STARTED before, so
        long started = counters.sum(STARTED); // the difference reads high rather than low in a race (clamped)
        return Math.max(0, started - ended);
    }

    /** Connections refused with 503 because no buffer was left to read them into ({@code --max-buffer-memory}). */
    public long refusedForMemory() {
        return counters.sum(REFUSED);
    }

    /** Connections given up on for {@code kind} since the start. */
    public long timeouts(Timeout kind) {
        return counters.sum(TIMEOUTS + kind.ordinal());
    }

    /** Connections open right now. */
    public int connectionsOpen() {
        return loop.connections();
    }

    /** Connections accepted since the start. */
    public long connectionsAccepted() {
        return loop.accepted();
    }

    /** Accept calls that failed (e.g. out of descriptors) since the start. */
    public long acceptErrors() {
        return loop.acceptErrors();
    }

    /** Events waiting in the shared queue for a worker right now. */
    public int queueDepth() {
        return pool.queued();
    }

    /** The number of worker threads. */
    public int workers() {
        return pool.size();
    }

    /**
     * Nanoseconds worker {@code worker} has spent handling events since the start; 0 unless
     * {@link ServerOptions#measureBusyTime} is on.
     */
    public long workerBusyNanos(int worker) {
        return pool.busyNanos(worker);
    }

    /** True once the server has begun to stop: it accepts no more connections. */
    public boolean stopping() {
        return loop.isStopping();
    }
}
