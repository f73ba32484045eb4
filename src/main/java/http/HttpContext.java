package http;

import transport.BufferPool;

/** What every connection of one server shares. */
record HttpContext(Handler handler, Limits limits, BufferPool buffers, ExchangePool exchanges) {
}
