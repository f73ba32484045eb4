package http;

/**
 * Application code: fills in the response for a request.
 *
 * <p>By default a handler runs on a worker thread, after the whole request body has arrived, and must not
 * block: a worker serves many connections, and a handler that blocks holds one of the few workers every
 * connection shares. A handler that waits for something else answers later instead ({@link Response#defer}),
 * and one that must block (a database call, a file, another service) says so with {@link #blocking()}: it
 * then runs on a virtual thread of its own, with blocking streams for the bodies, while the workers go on
 * serving other connections. A handler that blocks without saying so still runs on the worker, holding it
 * meanwhile; a worker stuck in one event past {@code ServerOptions.slowHandlerWarning} logs a warning with
 * its stack.
 *
 * <p>An exception becomes a 500 and closes the connection. The request and response objects are reused once
 * the response is sent: do not keep them.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Answers {@code request} by filling in {@code response}, which is sent when this returns (unless the
     * handler deferred it or streams it).
     */
    void handle(Request request, Response response) throws Exception;

    /**
     * Called once per request on a worker, as soon as its head is parsed and before its body is read: the
     * handler that will answer it. A router returns the matched route's handler here (recording the path
     * parameters in the request); the default is this handler. Must not block, and should not allocate.
     */
    default Handler select(Request head) {
        return this;
    }

    /**
     * True when this handler may block: it runs on a virtual thread (bounded by
     * {@code ServerOptions.maxBlocking}), and reads the request body as a stream as it arrives
     * ({@link Request#bodyStream()}) instead of receiving it whole. Asked of the handler {@link #select}
     * returned.
     */
    default boolean blocking() {
        return false;
    }
}
