package http;

import java.util.concurrent.Semaphore;

import platform.Platform;
import transport.BufferPool;

/**
 * What every connection of one server shares: {@code heads} are the small buffers a request head starts in,
 * {@code buffers} the full-size ones; {@code blockingPermits} bound the blocking handlers running at once;
 * {@code platform} opens the files that responses send ({@link Request#openFile}); {@code stats} counts, and
 * {@code listener} (null when none) is told every response.
 */
record HttpContext(Handler handler, Limits limits, BufferPool heads, BufferPool buffers, ExchangePool exchanges,
                   BodyBudget bodyBudget, long headerNanos, long bodyNanos, long keepAliveNanos, long writeNanos,
                   long handlerNanos, int outputBound, Semaphore blockingPermits, Platform platform,
                   ServerStats stats, ResponseListener listener) {

    HttpContext(Handler handler, Limits limits, BufferPool heads, BufferPool buffers, ExchangePool exchanges,
                BodyBudget bodyBudget, Timeouts t, ServerOptions options, Platform platform, ServerStats stats) {
        this(handler, limits, heads, buffers, exchanges, bodyBudget, t.header().toNanos(), t.body().toNanos(),
                t.keepAlive().toNanos(), t.write().toNanos(), options.handlerTimeout().toNanos(),
                options.outputBound(), new Semaphore(options.maxBlocking()), platform, stats,
                options.responseListener());
    }
}
