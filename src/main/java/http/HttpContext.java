package http;

import java.util.concurrent.Semaphore;

import transport.BufferPool;

/**
 * What every connection of one server shares: {@code heads} are the small buffers a request head starts in,
 * {@code buffers} the full-size ones; {@code blockingPermits} bound the blocking handlers running at once.
 */
record HttpContext(Handler handler, Limits limits, BufferPool heads, BufferPool buffers, ExchangePool exchanges,
                   BodyBudget bodyBudget, long headerNanos, long bodyNanos, long keepAliveNanos, long writeNanos,
                   long handlerNanos, int outputBound, Semaphore blockingPermits) {

    HttpContext(Handler handler, Limits limits, BufferPool heads, BufferPool buffers, ExchangePool exchanges,
                BodyBudget bodyBudget, Timeouts t, ServerOptions options) {
        this(handler, limits, heads, buffers, exchanges, bodyBudget, t.header().toNanos(), t.body().toNanos(),
                t.keepAlive().toNanos(), t.write().toNanos(), options.handlerTimeout().toNanos(),
                options.outputBound(), new Semaphore(options.maxBlocking()));
    }
}
