package http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import com.sun.management.UnixOperatingSystemMXBean;

import platform.IoMode;

/** Everything that can be tuned about a server, with production defaults. Fluent setters. */
public final class ServerOptions {
    private String host = "0.0.0.0";
    private int port = 8080;
    private int workers = Runtime.getRuntime().availableProcessors();
    private int backlog = 1024;
    private boolean reusePort;
    private IoMode io = IoMode.AUTO;
    private Limits limits = Limits.DEFAULT;
    private int maxConnections = defaultMaxConnections();
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private Timeouts timeouts = Timeouts.DEFAULT;
    private long maxBufferedBodies = defaultMaxBufferedBodies();
    private long maxBufferMemory = defaultMaxBufferMemory();
    private int maxBlocking = 1024;
    private Duration slowHandlerWarning = Duration.ofSeconds(1);
    private int outputBound = 256 * 1024;
    private Duration handlerTimeout = Duration.ofSeconds(30);
    private ResponseListener responseListener;
    private boolean measureBusyTime;

    /** Told about every response: see {@link #responseListener(ResponseListener)}; null when none. */
    public ResponseListener responseListener() {
        return responseListener;
    }

    /**
     * Told about every response the server sends (an access log, metrics), on the thread that sends it;
     * null (the default) for none, which costs requests nothing. To have several, combine them in one.
     */
    public ServerOptions responseListener(ResponseListener listener) {
        this.responseListener = listener;
        return this;
    }

    /** Whether each worker's busy time is measured: see {@link #measureBusyTime(boolean)}. */
    public boolean measureBusyTime() {
        return measureBusyTime;
    }

    /**
     * Measure the time each worker spends handling events ({@link ServerStats#workerBusyNanos}): two clock
     * reads per event. Off by default.
     */
    public ServerOptions measureBusyTime(boolean measure) {
        this.measureBusyTime = measure;
        return this;
    }

    /** Bytes of a streamed response body a connection holds at most: see {@link #outputBound(int)}. */
    public int outputBound() {
        return outputBound;
    }

    /**
     * Bytes of a streamed response body ({@link Response#body(java.nio.channels.ReadableByteChannel, long)})
     * a connection holds at most: its source is read only as the client takes what was read. Also about
     * the most one event sends of it before the worker moves on to other connections. At least 4 KiB;
     * default 256 KiB.
     */
    public ServerOptions outputBound(int bytes) {
        if (bytes < 4096) {
            throw new IllegalArgumentException("output bound must be at least 4096, got " + bytes);
        }
        this.outputBound = bytes;
        return this;
    }

    /** How long a deferred response may stay uncompleted: see {@link #handlerTimeout(Duration)}. */
    public Duration handlerTimeout() {
        return handlerTimeout;
    }

    /**
     * How long a deferred response ({@link Response#defer()}) may stay uncompleted: then the client gets
     * 503 with {@code Connection: close} and a later completion returns false. Default 30 s.
     */
    public ServerOptions handlerTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handler timeout must be positive, got " + timeout);
        }
        this.handlerTimeout = timeout;
        return this;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    public ServerOptions timeouts(Timeouts timeouts) {
        this.timeouts = timeouts;
        return this;
    }

    public String host() {
        return host;
    }

    public ServerOptions host(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    public ServerOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.port = port;
        return this;
    }

    public int workers() {
        return workers;
    }

    public ServerOptions workers(int workers) {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be 1..1024, got " + workers);
        }
        this.workers = workers;
        return this;
    }

    public int backlog() {
        return backlog;
    }

    public ServerOptions backlog(int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        }
        this.backlog = backlog;
        return this;
    }

    public boolean reusePort() {
        return reusePort;
    }

    /**
     * Listen with SO_REUSEPORT: other processes that set it too may listen on the same port and the kernel
     * spreads new connections among them (several servers on one port; a new one started before the old
     * one stops). Off by default, so a second server on a port in use fails instead of sharing it.
     */
    public ServerOptions reusePort(boolean reusePort) {
        this.reusePort = reusePort;
        return this;
    }

    public IoMode io() {
        return io;
    }

    public ServerOptions io(IoMode io) {
        this.io = io;
        return this;
    }

    public Limits limits() {
        return limits;
    }

    public ServerOptions limits(Limits limits) {
        this.limits = limits;
        return this;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The process's descriptor limit ({@code ulimit -n}) less headroom for the listening socket, epoll,
     * log files and the JDK's own (1/16 of it, at least 32); 65,536 where there is no such limit (Windows).
     */
    public static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            if (limit > 0) {
                long headroom = Math.max(32, limit / 16);
                return (int) Math.clamp(limit - headroom, 16, 1 << 20);
            }
        }
        return 65_536;
    }

    public ServerOptions maxConnections(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, got " + maxConnections);
        }
        this.maxConnections = maxConnections;
        return this;
    }

    public long maxBufferedBodies() {
        return maxBufferedBodies;
    }

    /**
     * Bytes that request bodies buffered whole may hold together, server-wide. A body reserves its whole
     * {@code Content-Length} when its head has been read (a chunked body: as it grows) and gives it back
     * when its response has been sent or its connection closes; a body that does not fit gets 503 and a
     * close (it is not waited for, so nothing can stall on it). Requests without a body are not counted.
     * Default: {@link #defaultMaxBufferedBodies()}.
     */
    public ServerOptions maxBufferedBodies(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max buffered bodies must not be negative, got " + bytes);
        }
        this.maxBufferedBodies = bytes;
        return this;
    }

    /** A quarter of the maximum heap: bodies are kept on the heap. */
    public static long defaultMaxBufferedBodies() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    public long maxBufferMemory() {
        return maxBufferMemory;
    }

    /**
     * Bytes of I/O buffers (direct memory) the server may have in existence; they are kept for reuse once
     * made. A quarter is for the small (4 KiB) buffers every request head starts in, the rest for full-size
     * ones ({@code 2 x} the largest head rounded up to a power of two: 32 KiB with the default limits). A
     * connection holds a full one for its output while a response is being written, and one for its input
     * once a request head or body outgrows its small buffer. A connection that needs a buffer when none is
     * left gets 503 and a close. At least two of each are always allowed. Default:
     * {@link #defaultMaxBufferMemory()}.
     */
    public ServerOptions maxBufferMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max buffer memory must not be negative, got " + bytes);
        }
        this.maxBufferMemory = bytes;
        return this;
    }

    /** A quarter of the maximum heap (the JDK's default limit on direct memory is the maximum heap). */
    public static long defaultMaxBufferMemory() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public ServerOptions shutdownTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative");
        }
        this.shutdownTimeout = timeout;
        return this;
    }

    public int maxBlocking() {
        return maxBlocking;
    }

    /**
     * Blocking handlers ({@link Handler#blocking()}) that may run at once, each on a virtual thread of its
     * own. A request for one beyond it gets 503 and a close at once (never a wait). Default 1024.
     */
    public ServerOptions maxBlocking(int maxBlocking) {
        if (maxBlocking < 0) {
            throw new IllegalArgumentException("max blocking must not be negative, got " + maxBlocking);
        }
        this.maxBlocking = maxBlocking;
        return this;
    }

    public Duration slowHandlerWarning() {
        return slowHandlerWarning;
    }

    /**
     * A worker that stays this long in one event (a handler that blocks without saying so) logs a warning
     * with its stack; sampled a few times a second, so it is seen within a quarter second more. Zero: off.
     * Default 1 s.
     */
    public ServerOptions slowHandlerWarning(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("slow handler warning must not be negative");
        }
        this.slowHandlerWarning = threshold;
        return this;
    }
}
