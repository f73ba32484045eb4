package http;

import transport.BufferPool;

/** What every connection of one server shares. */
record HttpContext(Handler handler, Limits limits, BufferPool buffers, ExchangePool exchanges, long headerNanos,
                   long bodyNanos, long keepAliveNanos, long writeNanos) {

    HttpContext(Handler handler, Limits limits, BufferPool buffers, ExchangePool exchanges, Timeouts t) {
        this(handler, limits, buffers, exchanges, t.header().toNanos(), t.body().toNanos(), t.keepAlive().toNanos(),
                t.write().toNanos());
    }
}
