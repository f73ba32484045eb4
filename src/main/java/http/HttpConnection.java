package http;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import events.Session;
import platform.Poller;
import platform.Socket;
import transport.BufferShortage;
import transport.Connection;

/**
 * The HTTP/1.1 state machine of one connection. On each event: finish pending output, read once, answer
 * every complete request in the input (pipelining), write all answers with one flush, then choose the next
 * interest from the state (DESIGN.md rules 5-7): unsent output gives WRITE, a finished exchange that must
 * close gives close, anything else READ.
 */
final class HttpConnection extends Session {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    private static final int HEAD = 0;      // reading a request head
    private static final int BODY = 1;      // reading its body
    private static final int RESPOND = 2;   // running the handler and writing its response
    private static final int ERROR = 3;     // writing an error response, then closing
    private static final int BLOCKING = 4;  // a blocking handler's thread owns the connection (BlockingExchange)

    private final Connection io;
    private final HttpContext context;
    private Exchange exchange;
    private int phase = HEAD;
    private int errorStatus;
    private boolean closing;      // close once the output is flushed
    private boolean lingerOnClose;
    private final Linger linger = new Linger();
    private boolean peerClosed;
    private boolean lastExchange; // reclaimed with a request just in: answer it and close
    private long headerDeadline;  // System.nanoTime() by which the request head in progress must be complete
    private long now;             // System.nanoTime() at the start of the current event: one clock read each
    private volatile boolean idle = true;

    HttpConnection(Socket socket, HttpContext context) {
        super(socket);
        this.io = new Connection(socket, context.heads(), context.buffers());
        this.context = context;
    }

    @Override
    protected boolean isIdle() {
        return idle;
    }

    @Override
    protected void onReady(int readyOps) {
        idle = false;
        now = System.nanoTime();
        if ((readyOps & TIMEOUT) != 0) {
            timedOut();
            return;
        }
        try {
            if ((readyOps & RECLAIM) != 0) {
                reclaimed();
                return;
            }
            if (linger.active()) {
                drain();
                return;
            }
            if (io.hasOutput()) {
                long sent = io.flush();
                if (io.hasOutput()) {
                    // The deadline moves only when the client took bytes (DESIGN.md rule 13): an event that
                    // finds the socket still full must not keep a client that never reads alive.
                    if (sent > 0) {
                        rearmUntil(Poller.WRITE, now + context.writeNanos());
                    } else {
                        rearm(Poller.WRITE);
                    }
                    return;
                }
            }
            if (closing) {
                finish();
                return;
            }
            // Read only between exchanges or into a body: while a response waits, the head it was made from
            // must stay where it is in the input buffer.
            if ((readyOps & (Poller.READ | Poller.HANGUP)) != 0 && phase <= BODY) {
                int n = io.read();
                if (n == Connection.EOF) {
                    peerClosed = true;
                } else if (n == Connection.FULL) {
                    fail(Status.HEADER_FIELDS_TOO_LARGE);
                }
            }
            serve();
        } catch (BufferShortage e) {
            refuse();
        } catch (IOException e) {
            close(); // reset by peer, broken pipe: nothing to answer
        }
    }

    /**
     * No buffer could be had (the pools are capped): a fixed 503 goes straight to the socket, then FIN and
     * a bounded drain as after any error, so the answer is not lost in a reset. Never waits for a buffer.
     */
    private void refuse() {
        try {
            if (linger.active() || closing || io.hasOutput() || !io.writeUnbuffered(Headers.OVERLOADED_RESPONSE)) {
                close();
                return;
            }
            closing = true;
            lingerOnClose = true;
            finish();
        } catch (IOException | BufferShortage e) {
            close();
        }
    }

    /** Answers what the input holds, flushes, and re-arms or closes. */
    private void serve() throws IOException {
        boolean outputFull;
        do {
            outputFull = process();
            if (phase == BLOCKING) {
                new BlockingExchange(this, io, exchange, context).start(); // last act: its thread owns us now
                return;
            }
            io.flush();
            if (io.hasOutput()) {
                rearmUntil(Poller.WRITE, now + context.writeNanos()); // a new response: its deadline starts
                return;
            }
            if (closing) {
                finish();
                return;
            }
        } while (outputFull);
        if (peerClosed) {
            close(); // the client sent all it will; what was complete has been answered
            return;
        }
        if (exchange != null && phase == HEAD && !io.hasInput()) {
            context.exchanges().release(exchange);
            exchange = null;
        }
        io.releaseIdleBuffers();
        idle = exchange == null;
        // Last act: another worker may own this connection from here on.
        if (exchange == null) {
            rearmIdleUntil(now + context.keepAliveNanos()); // reclaimable: nothing in progress, nothing to send
        } else if (phase == BODY) {
            rearmUntil(Poller.READ, now + context.bodyNanos());
        } else {
            rearmUntil(Poller.READ, headerDeadline); // a head in progress: trickled bytes do not extend it
        }
    }

    /**
     * Taken back while idle to make room at the connection limit: a quiet close (a clean FIN), unless a
     * request has just come in: it is answered with {@code Connection: close}. The poller has forgotten the
     * session, so an answer too big for the socket's buffer is cut short, in this rare race only.
     */
    private void reclaimed() throws IOException {
        int n;
        try {
            n = io.read();
        } catch (BufferShortage e) {
            n = 0; // no buffer to read a request into: the quiet close, not a 503 nobody asked for
        }
        if (n > 0) {
            lastExchange = true;
            serve();
        } else {
            close();
        }
    }

    /** No event before the deadline: a request cut short gets 408; an idle or stuck connection just closes. */
    private void timedOut() {
        if (!linger.active() && !closing && exchange != null && phase <= BODY) {
            fail(Status.REQUEST_TIMEOUT);
            try {
                if (writeError()) {
                    io.flush(); // one try: the client has been slow enough
                }
            } catch (IOException | BufferShortage ignored) {
                // nothing more to do for it
            }
        }
        close();
    }

    /**
     * Parses and answers every complete request in the input.
     *
     * @return true when it stopped because the output must be flushed before it can go on
     */
    private boolean process() {
        ByteBuffer in = io.input();
        while (true) {
            switch (phase) {
                case HEAD -> {
                    if (io.hasQueuedBody()) {
                        return true; // a large response is still going out; its body may be ours
                    }
                    giveBackBody(); // its response is sent
                    if (!in.hasRemaining()) {
                        return false;
                    }
                    if (!readHead(in)) {
                        return false;
                    }
                }
                case BODY -> {
                    int result = BufferedBody.read(exchange, io, context);
                    if (result == BodyDecoder.NEED_MORE || result == BufferedBody.FLUSH_FIRST) {
                        return result == BufferedBody.FLUSH_FIRST;
                    }
                    if (result < 0) {
                        fail(-result);
                    } else {
                        phase = RESPOND;
                    }
                }
                case RESPOND -> {
                    if (!respond(in)) {
                        return true;
                    }
                    if (closing) {
                        return false;
                    }
                }
                case ERROR -> {
                    return !writeError();
                }
                default -> throw new IllegalStateException("phase " + phase);
            }
        }
    }

    /** Parses the head; true when the exchange moved on to BODY, RESPOND or ERROR (not BLOCKING). */
    private boolean readHead(ByteBuffer in) {
        if (exchange == null) {
            exchange = context.exchanges().acquire();
            headerDeadline = now + context.headerNanos(); // from the request's first byte
        }
        Request request = exchange.request;
        int result = exchange.parser.parse(in, request);
        if (result == RequestParser.INCOMPLETE) {
            return false;
        }
        if (result < 0) {
            fail(-result);
            return true;
        }
        int status = Framing.analyze(request, context.limits());
        if (status != 0) {
            fail(status);
            return true;
        }
        try {
            exchange.handler = context.handler().select(request);
        } catch (RuntimeException e) {
            log.warn("Handler selection failed on {} {}", request.method(), request.target(), e);
            fail(Status.INTERNAL_SERVER_ERROR);
            return true;
        }
        boolean blocking = exchange.handler.blocking();
        boolean hasBody = request.chunked || request.contentLength > 0;
        if (blocking ? !context.blockingPermits().tryAcquire() : hasBody && !request.chunked && !request.bodyBuffer()
                .reserve(context.bodyBudget(), request.contentLength, request.contentLength)) {
            fail(Status.SERVICE_UNAVAILABLE); // no blocking handler free, or the body budget spent: refuse, never wait
            return true;
        }
        if (hasBody) {
            request.detachHead();
            in.position(in.position() + request.headLength());
            if (request.chunked) {
                exchange.body.startChunked();
            } else {
                exchange.body.startFixed(request.contentLength);
            }
            exchange.continuePending = request.expectContinue;
            phase = blocking ? BLOCKING : BODY;
        } else {
            phase = blocking ? BLOCKING : RESPOND; // the head stays in the input buffer while the handler reads it
        }
        return !blocking; // blocking: serve() hands the connection to the handler's thread
    }

    /** Runs the handler once and writes its response; false when the output must be flushed first. */
    private boolean respond(ByteBuffer in) {
        Request request = exchange.request;
        Response response = exchange.response;
        if (!exchange.handled) {
            try {
                exchange.handler.handle(request, response);
            } catch (Throwable t) {
                log.warn("Handler failed on {} {}", request.method(), request.target(), t);
                fail(Status.INTERNAL_SERVER_ERROR);
                return true;
            }
            exchange.handled = true;
        }
        boolean close = !request.keepAlive || lastExchange || serverStopping();
        byte[] connectionLine = close ? Headers.CONNECTION_CLOSE
                : request.version == 10 ? Headers.CONNECTION_KEEP_ALIVE : null;
        int written = response.streamed ? ResponseWriter.WRITTEN // its stream sent it all
                : ResponseWriter.write(response, request.methodIs("HEAD"), connectionLine, io);
        if (written == ResponseWriter.HEAD_TOO_LARGE) {
            log.warn("Response head too large for the output buffer on {} {}", request.method(), request.target());
            fail(Status.INTERNAL_SERVER_ERROR);
            return true;
        }
        if (written == ResponseWriter.FLUSH_FIRST) {
            return false;
        }
        if (!request.chunked && request.contentLength <= 0) {
            in.position(in.position() + request.headLength()); // consume the head only now
        }
        exchange.next();
        phase = HEAD;
        closing = close;
        headerDeadline = now + context.headerNanos(); // the next head, if one is already coming
        return true;
    }

    /** Something is wrong with the request: answer {@code status} and close; parse nothing more. */
    private void fail(int status) {
        errorStatus = status;
        phase = ERROR;
        io.discardInput();
        if (exchange != null) {
            exchange.parser.reset();
        }
        giveBackBody(); // no body will be read now
    }

    private boolean writeError() {
        if (exchange == null) {
            exchange = context.exchanges().acquire();
        }
        if (!ResponseWriter.writeError(exchange.response, errorStatus, io)) {
            return false; // an error response always fits: only a full output stops it
        }
        closing = true;
        lingerOnClose = true;
        return true;
    }

    /** The blocking handler's thread, which owns the connection: {@link Session#awaitEvent}. */
    int await(int interest, long deadlineNanos) {
        return awaitEvent(interest, deadlineNanos);
    }

    /** The blocking handler's thread, its handler done: answers (or fails with a status) as a worker would. */
    void blockingDone(int failStatus, boolean closeAfter) {
        phase = RESPOND;
        lingerOnClose = closeAfter; // the rest of the body (input discarded) is drained by the linger
        if (failStatus != 0) {
            fail(failStatus);
        }
        onReady(0);
    }

    /** All output is sent and the connection must close. */
    private void finish() throws IOException {
        giveBackBody(); // all is sent: none of it is needed
        if (!lingerOnClose && !io.hasInput()) {
            close();
            return;
        }
        // The client may still be sending (an error cut it short, or it pipelined after "close").
        linger.start(io, now);
        drain();
    }

    private void drain() throws IOException {
        if (linger.drain(io)) {
            close();
            return;
        }
        io.releaseIdleBuffers();
        idle = true; // answered already: nothing here for a graceful stop to wait for
        rearmUntil(Poller.READ, linger.deadline());
    }

    /** The body's share of the buffered-body budget goes back (once: a body holds nothing afterwards). */
    private void giveBackBody() {
        if (exchange != null) {
            exchange.request.bodyBuffer().giveBack(context.bodyBudget());
        }
    }

    @Override
    protected void onClose() {
        io.releaseAll();
        giveBackBody();
        if (exchange != null && phase != BLOCKING) { // a blocking handler may still hold it: not reused
            context.exchanges().release(exchange);
            exchange = null;
        }
        idle = true;
    }
}
