package http;

import java.io.IOException;
import java.net.InetSocketAddress;

import events.EventLoop;
import events.IdleStrategy;
import events.WorkerPool;
import platform.ListenSocket;
import platform.Platform;
import platform.Poller;
import platform.select.Backend;
import transport.BufferPool;

/**
 * A running Skep server: the embedding entry point.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(new ServerOptions().port(0), (req, res) -> res.body("hi"))) {
 *     System.out.println("listening on " + server.port());
 *     ...
 * }
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
    /** Spin this many empty polls, then yield this many, before a worker parks. */
    private static final int WORKER_SPINS = Integer.getInteger("skep.worker.spins", 64);
    private static final int WORKER_YIELDS = Integer.getInteger("skep.worker.yields", 4);
    /**
     * Non-blocking polls (each after a yield) T0 makes before it blocks in the poller. Measured with wrk on
     * 2 cores: 0 gave about 2 events per epoll_wait, 0.7 context switches per request and 10.4 us of CPU
     * per request; 8 to 64 gave 7.4-7.8 us and 1.5x the throughput (docs/BENCHMARKS.md).
     */
    private static final int T0_YIELDS = Integer.getInteger("skep.t0.yields", 16);
    /** The small buffer a request head starts in: a typical head fits, a slow one costs no more. */
    private static final int HEAD_BUFFER_SIZE = 4 * 1024;

    private final ServerOptions options;
    private final Platform platform;
    private final EventLoop loop;
    private final int port;
    private final HttpContext context;
    private boolean stopped;

    private HttpServer(ServerOptions options, Platform platform, EventLoop loop, int port, HttpContext context) {
        this.options = options;
        this.platform = platform;
        this.loop = loop;
        this.port = port;
        this.context = context;
    }

    /** Binds, starts T0 and the workers, and returns once the server accepts connections. */
    public static HttpServer start(ServerOptions options, Handler handler) throws IOException {
        Platform platform = Backend.open(options.io());
        Limits limits = options.limits();
        int bufferSize = Math.max(16 * 1024, Integer.highestOneBit(limits.maxHead() + 1024) * 2);
        int retained = 4 * options.workers() + 64;
        // A connection holds at most one small buffer (its input until it outgrows it) and two full ones.
        // --max-buffer-memory covers both pools: a quarter for the small ones, the rest for the full ones.
        long memory = options.maxBufferMemory();
        BufferPool heads = new BufferPool(HEAD_BUFFER_SIZE,
                (int) Math.clamp(memory / 4 / HEAD_BUFFER_SIZE, Math.min(2, options.maxConnections()),
                        options.maxConnections()));
        int fullBuffers = (int) Math.clamp((memory - memory / 4) / bufferSize, 2, 2L * options.maxConnections());
        BodyBudget bodyBudget = new BodyBudget(options.maxBufferedBodies());
        WorkerPool workers = new WorkerPool(options.workers(), options.maxConnections(),
                IdleStrategy.backoff(WORKER_SPINS, WORKER_YIELDS), "skep-worker-");
        workers.warnAfter(options.slowHandlerWarning().toNanos());
        workers.measureBusyTime(options.measureBusyTime());
        // Bytes and active requests are counted only for someone who reads them (metrics): see ServerStats.
        ServerStats stats = new ServerStats(workers, options.responseListener() != null || options.measureBusyTime());
        HttpContext context = new HttpContext(handler, limits, heads, new BufferPool(bufferSize, fullBuffers),
                new ExchangePool(limits, retained), bodyBudget, options.timeouts(), options, platform, stats);
        if (options.reusePort()) {
            MigrateRequests.warnIfOff(MigrateRequests.SYSCTL);
        }
        ListenSocket listener = platform.listen(new InetSocketAddress(options.host(), options.port()),
                options.backlog(), options.reusePort());
        Poller poller;
        try {
            poller = platform.openPoller();
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        EventLoop loop = new EventLoop(poller, listener,
                socket -> new HttpConnection(socket, context, stats.stopping()), workers,
                options.maxConnections(), IdleStrategy.backoff(0, T0_YIELDS), context.headerNanos());
        stats.loop(loop);
        try {
            loop.start();
        } catch (IOException | RuntimeException e) {
            listener.close();
            poller.close();
            throw e;
        }
        return new HttpServer(options, platform, loop, listener.localPort(), context);
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return port;
    }

    /** The I/O backend in use: {@code epoll} or {@code nio}. */
    public String backend() {
        return platform.name();
    }

    public int workers() {
        return options.workers();
    }

    /** Connections open right now. */
    public int connections() {
        return loop.connections();
    }

    /** What the server counts about itself: connections, bytes, timeouts, the queue, the workers. */
    public ServerStats stats() {
        return context.stats();
    }

    /** Bytes of the {@linkplain ServerOptions#maxBufferedBodies buffered-body budget} held right now. */
    public long bufferedBodyBytes() {
        return context.bodyBudget().held();
    }

    /** Blocking handlers ({@link Handler#blocking()}) running right now, each on a virtual thread. */
    public int blockingHandlers() {
        return options.maxBlocking() - context.blockingPermits().availablePermits();
    }

    /** The full-size I/O buffers (for tests: how many exist, how many are lent). */
    BufferPool fullBuffers() {
        return context.buffers();
    }

    /** The small buffers a request head starts in. */
    BufferPool headBuffers() {
        return context.heads();
    }

    /**
     * Begins a drain: the server keeps accepting and serving, but every response from now on carries
     * {@code Connection: close}, so that clients and load balancers reconnect (elsewhere) after their next
     * response instead of keeping connections that {@link #stop} would close under them. Call it when the
     * server is taken out of rotation, a while before {@link #stop}. Idempotent.
     */
    public void drain() {
        loop.drain();
    }

    /**
     * Graceful stop: stops accepting, lets requests in flight finish (up to the shutdown timeout), then
     * closes every connection and stops the threads. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        loop.stop(options.shutdownTimeout().toMillis());
    }

    @Override
    public void close() {
        stop();
    }
}
