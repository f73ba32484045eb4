package http;

import transport.BufferPool;

/** What every connection of one server shares. */
record HttpContext(Handler handler, Limits limits, BufferPool buffers, ExchangePool exchanges,
                   BodyBudget bodyBudget, long headerNanos, long bodyNanos, long keepAliveNanos, long writeNanos) {

    HttpContext(Handler handler, Limits limits, BufferPool buffers, ExchangePool exchanges, BodyBudget bodyBudget,
                Timeouts t) {
        this(handler, limits, buffers, exchanges, bodyBudget, t.header().toNanos(), t.body().toNanos(),
                t.keepAlive().toNanos(), t.write().toNanos());
    }
}
