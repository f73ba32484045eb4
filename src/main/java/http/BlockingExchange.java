package http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import events.Session;
import platform.Poller;
import transport.BufferShortage;
import transport.Connection;

/**
 * One request answered by a blocking handler ({@link Handler#blocking()}) on a virtual thread of its own
 * (DESIGN.md rule 14). The worker that parsed the head starts the thread as its last act on the connection;
 * from then on the thread owns it: the handler's streams read and write the socket without blocking and,
 * when they would block, wait for one-shot interest with {@link Session#awaitEvent}, so the event wakes this
 * thread instead of going to a worker. Afterwards the thread writes the response and goes on with the
 * connection as a worker would (pipelined requests, then a re-arm), through {@link HttpConnection#blockingDone}.
 */
final class BlockingExchange implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BlockingExchange.class);
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("skep-blocking-", 0).factory();
    /** Makes the handlers' threads; a test replaces it to see a start fail, and puts {@link #VIRTUAL} back. */
    static volatile ThreadFactory threads = VIRTUAL;

    private final HttpConnection connection;
    private final Connection io;
    private final Exchange exchange;
    private final HttpContext context;
    private BodyOutputStream out;
    private boolean timedOut;     // an awaited event did not come in time: the poller forgot the connection
    private boolean closed;       // closed while waiting (server stop, a failed re-arm): never touch it again
    private long writeDeadline;

    BlockingExchange(HttpConnection connection, Connection io, Exchange exchange, HttpContext context) {
        this.connection = connection;
        this.io = io;
        this.exchange = exchange;
        this.context = context;
    }

    /**
     * The worker's last act on the connection: from here on the new thread owns it. False when no thread
     * could be started: the permit went back and the worker still owns the connection.
     */
    boolean start() {
        try {
            threads.newThread(this).start();
            return true;
        } catch (Throwable t) { // OutOfMemoryError, a refused thread: the connection must not be left unowned
            context.blockingPermits().release();
            log.error("Could not start a blocking handler's thread for {} {}", exchange.request.method(),
                    exchange.request.target(), t);
            return false;
        }
    }

    @Override
    public void run() {
        Request request = exchange.request;
        Response response = exchange.response;
        int failStatus = 0;
        boolean closeAfter = false;
        try {
            try {
                flushAll(); // answers to earlier pipelined requests may still be going out
                BodyInputStream in = null;
                if (request.chunked || request.contentLength > 0) {
                    in = new BodyInputStream(this, io, exchange.body, request, context);
                    request.stream = in;
                }
                response.blocking = this;
                exchange.handler.handle(request, response);
                if (out != null) {
                    out.close();
                }
                if (in != null && !in.skipRest()) {
                    closeAfter = true; // too much left, or never asked for with 100-continue: close instead
                    request.keepAlive = false;
                    io.discardInput(); // never parsed as a request: drained by the linger after the answer
                }
                flushAll();
            } finally {
                request.stream = null;
                response.blocking = null;
                context.blockingPermits().release();
            }
        } catch (Throwable t) {
            failStatus = statusFor(t);
        }
        if (closed) {
            response.closeBodySource(); // onClose left the exchange to this thread
            return; // closed while waiting (server stop): the thread just ends
        }
        if (timedOut || (failStatus != 0 && (response.streamed || failStatus == -1))) {
            close(); // nothing can be answered: the head went out already, or the client is gone
            return;
        }
        exchange.handled = true;
        try {
            connection.blockingDone(failStatus, closeAfter);
        } catch (Throwable t) {
            // Rule 11 on this thread: nothing above it catches, and the connection would stay unowned, unarmed.
            log.error("Serving the connection after a blocking handler failed", t);
            close();
        }
    }

    /**
     * Closes the connection from this thread; the handler's streamed-body source or file, if it set one, is closed
     * here because {@link HttpConnection#onClose} leaves a blocking exchange alone.
     */
    private void close() {
        exchange.response.closeBodySource();
        connection.close();
    }

    /** The status to answer a failure with; -1: none (the client went away or the socket failed). */
    private int statusFor(Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        if (cause instanceof BodyException body) {
            return body.status;
        }
        if (cause instanceof BufferShortage) {
            return Status.SERVICE_UNAVAILABLE;
        }
        if (cause instanceof IOException) {
            return -1;
        }
        log.warn("Handler failed on {} {}", exchange.request.method(), exchange.request.target(), t);
        return Status.INTERNAL_SERVER_ERROR;
    }

    /** The server drains or stops: the response must say {@code Connection: close}. */
    boolean serverDraining() {
        return connection.draining();
    }

    /** True once the response's head went out (through its output stream): no interim response may follow. */
    boolean headSent() {
        return exchange.response.streamed;
    }

    /** The response's body stream (one per exchange). */
    OutputStream outputStream() {
        if (out == null) {
            out = new BodyOutputStream(this, io, exchange.request, exchange.response, context.outputBound());
        }
        return out;
    }

    /** Sends everything in the output buffer, waiting for the socket as long as the write timeout allows. */
    void flushAll() throws IOException {
        writeDeadline = System.nanoTime() + context.writeNanos();
        while (io.hasOutput()) {
            checkOpen();
            if (io.flush() > 0) {
                writeDeadline = System.nanoTime() + context.writeNanos(); // it moves only on progress
            }
            if (io.hasOutput()) {
                await(Poller.WRITE, writeDeadline);
            }
        }
    }

    /** Waits until the socket has input (or the peer closed), as long as the body timeout allows. */
    void awaitReadable() throws IOException {
        await(Poller.READ, System.nanoTime() + context.bodyNanos());
    }

    /**
     * Fails once the connection is closed or timed out (the socket must not be touched again) or the server
     * has stopped (no event will come: a handler that streams without ever waiting, e.g. server-sent events
     * between two events, ends here and its connection closes).
     */
    void checkOpen() throws IOException {
        if (timedOut || closed || connection.serverStopped()) {
            throw new IOException(connection.serverStopped() ? "server stopped" : "closed");
        }
    }

    private void await(int interest, long deadline) throws IOException {
        checkOpen();
        int ready = connection.await(interest, deadline);
        if (ready == 0) {
            closed = true;
            throw new IOException("closed");
        }
        if ((ready & Session.TIMEOUT) != 0) {
            timedOut = true;
            throw new SocketTimeoutException(interest == Poller.READ ? "request body timed out" : "write timed out");
        }
    }
}
