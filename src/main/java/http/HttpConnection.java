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
import transport.FileEndedEarly;

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
    private static final int STREAM = 4;    // pulling a streamed body as the socket takes it (StreamedBody)
    private static final int DEFERRED = 5;  // parked until the application completes the response (Deferred)
    private static final int BLOCKING = 6;  // a blocking handler's thread owns the connection (BlockingExchange)

    private final Connection io;
    private final HttpContext context;
    private Exchange exchange;
    private int phase = HEAD;
    private int errorStatus;
    private boolean closing;      // close once the output is flushed
    private boolean lingerOnClose;
    private final Linger linger = new Linger();
    private boolean peerClosed;
    private boolean inputFull;    // while deferred: the input buffer is full of pipelined requests
    private boolean lastExchange; // reclaimed with a request just in: answer it and close
    private long headerDeadline;  // System.nanoTime() by which the request head in progress must be complete
    private long now;             // System.nanoTime() at the start of the current event: one clock read each
    private boolean inRequest;    // a request head was read and its answer is not queued yet (active requests)
    private boolean answeredOne;  // a response was queued on this connection (a later silence is keep-alive)
    private volatile boolean idle;

    /**
     * @param openedWhileStopping accepted from the queue of a stopping server: its request is awaited (within
     *                            the shutdown timeout) instead of the connection counting as idle at once
     */
    HttpConnection(Socket socket, HttpContext context, boolean openedWhileStopping) {
        super(socket);
        this.idle = !openedWhileStopping;
        this.io = new Connection(socket, context.heads(), context.buffers(), context.stats());
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
                    awaitWritable(sent > 0);
                    return;
                }
            }
            if (closing) {
                finish();
                return;
            }
            // Read only between exchanges, into a body, or while a deferred response waits (its head was copied
            // out): while a response is written, the head it was made from must stay where it is in the input.
            // While deferred a wake-up reads too: it may stand for a client event that came as the connection
            // parked (Session.parkUntil), and one read that finds nothing costs one system call.
            if ((readyOps & (Poller.READ | Poller.HANGUP)) != 0 && (phase <= BODY || phase == DEFERRED)
                    || (readyOps & WAKE) != 0 && phase == DEFERRED) {
                int n = phase == DEFERRED ? readWhileDeferred() : io.read();
                if (n == Connection.EOF) {
                    peerClosed = true;
                } else if (n == Connection.FULL) {
                    if (phase == DEFERRED) {
                        inputFull = true; // pipelined requests wait their turn: stop watching until then
                    } else {
                        fail(Status.HEADER_FIELDS_TOO_LARGE);
                    }
                }
            }
            serve();
        } catch (BufferShortage e) {
            refuse();
        } catch (FileEndedEarly e) {
            log.warn("Closing a connection in the middle of a file body: {}", e.getMessage());
            close(); // its Content-Length cannot be met: only a close tells the client
        } catch (IOException e) {
            close(); // reset by peer, broken pipe: nothing to answer
        }
    }

    /**
     * No buffer could be had (the pools are capped): a fixed 503 goes straight to the socket, then FIN and
     * a bounded drain as after any error, so the answer is not lost in a reset. Never waits for a buffer.
     */
    private void refuse() {
        context.stats().refused();
        endRequest(); // answered, by the 503, or cut short by the close
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

    /** While a response is deferred: reads what the client sent, but a buffer shortage only ends the watch. */
    private int readWhileDeferred() throws IOException {
        try {
            return io.read();
        } catch (BufferShortage e) {
            inputFull = true; // no 503 for a response still pending: the completion decides
            return 0;
        }
    }

    /** Answers what the input holds, flushes, and re-arms or closes. */
    private void serve() throws IOException {
        boolean outputFull;
        long sent = 0;
        do {
            outputFull = process();
            if (phase == BLOCKING) {
                if (new BlockingExchange(this, io, exchange, context).start()) {
                    return; // last act: its thread owns us now
                }
                fail(Status.SERVICE_UNAVAILABLE); // no thread could run it (its permit is back): 503 and close
                outputFull = true; // one more turn writes the error
                continue;
            }
            sent += io.flush();
            if (io.hasOutput()) {
                awaitWritable(true); // a new response: its deadline starts
                return;
            }
            if (closing) {
                finish();
                return;
            }
        } while (outputFull);
        if (phase == STREAM) { // its share pulled: others get the worker; the deadline moves only with progress
            if (sent > 0) {
                rearmUntil(Poller.WRITE, now + context.writeNanos());
            } else {
                rearm(Poller.WRITE); // a source with nothing yet: asked again, until the write timeout
            }
            return;
        }
        if (phase == DEFERRED) {
            Deferred deferred = exchange.response.deferred;
            if (peerClosed && (deferred.cancel() || deferred.abandoned())) {
                close(); // the client left before the answer: nothing to send, the completion gets false
                return;
            }
            io.releaseIdleBuffers(); // its head was copied out: a parked connection holds no buffer
            // The worker goes back to the queue; the completion wakes us, the client's FIN or reset too.
            parkUntil(deferred.deadline, !peerClosed && !inputFull);
            deferred.parked();
            return;
        }
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

    /** No event before the deadline: a request cut short gets 408, a deferred response never completed 503. */
    private void timedOut() {
        countTimeout();
        if (phase == DEFERRED && exchange.response.deferred.completed()) {
            sendOnceAndClose(); // completed just as the deadline passed: the poller has let go, one try
            return;
        }
        int status = phase <= BODY ? Status.REQUEST_TIMEOUT // an idle or stuck connection just closes
                : phase == DEFERRED && exchange.response.deferred.cancel() ? Status.SERVICE_UNAVAILABLE : 0;
        if (!linger.active() && !closing && exchange != null && status != 0) {
            fail(status);
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

    /** Which deadline passed, for {@link ServerStats#timeouts}; a linger that ends is not a timeout. */
    private void countTimeout() {
        if (linger.active()) {
            return;
        }
        ServerStats.Timeout kind;
        if (phase == DEFERRED) {
            if (exchange.response.deferred.completed()) {
                return; // completed just as the deadline passed: it is sent (sendOnceAndClose), not a timeout
            }
            kind = ServerStats.Timeout.HANDLER;
        } else if (io.hasOutput() || phase == STREAM || closing) {
            kind = ServerStats.Timeout.WRITE;
        } else if (phase == BODY) {
            kind = ServerStats.Timeout.BODY;
        } else if (exchange == null && answeredOne) {
            kind = ServerStats.Timeout.KEEP_ALIVE;
        } else {
            kind = ServerStats.Timeout.HEADER; // a head in progress, or a new connection that sent none
        }
        context.stats().timedOut(kind);
    }

    /**
     * Output is left: write interest, with a new write deadline when the client made {@code progress}. Buffers
     * that hold nothing go back first: a connection still sending a file needs none (a slow reader holds none).
     */
    private void awaitWritable(boolean progress) {
        io.releaseIdleBuffers();
        if (progress) {
            rearmUntil(Poller.WRITE, now + context.writeNanos());
        } else {
            rearm(Poller.WRITE);
        }
    }

    private void sendOnceAndClose() {
        phase = RESPOND;
        lastExchange = true; // this response says close, and nothing pipelined behind it runs
        try {
            process();
            io.flush();
        } catch (IOException | BufferShortage ignored) {
            // the client is gone or slow: the close below is all it gets
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
                    if (exchange == null) {
                        exchange = context.exchanges().acquire();
                        exchange.request.connection(socket, context.platform()); // remoteAddress, openFile: once per exchange
                        headerDeadline = now + context.headerNanos(); // from the request's first byte
                    }
                    int result = exchange.readHead(in, context);
                    if (result == Exchange.NEED_MORE) {
                        return false;
                    }
                    if (result < 0) {
                        fail(-result);
                        continue;
                    }
                    inRequest = true;
                    context.stats().requestStarted();
                    if (result == Exchange.BLOCKING_NEXT) {
                        phase = BLOCKING;
                        return false; // serve() hands the connection to the handler's thread
                    } else {
                        phase = result == Exchange.BODY_NEXT ? BODY : RESPOND;
                    }
                }
                case BODY -> {
                    int result = exchange.readBody(in, io, context);
                    if (result == Exchange.NEED_MORE || result == Exchange.FLUSH) {
                        return result == Exchange.FLUSH;
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
                case STREAM -> {
                    int result = exchange.stream.pump(io, context.outputBound(), now);
                    if (result == StreamedBody.DONE) {
                        phase = HEAD;
                        headerDeadline = now + context.headerNanos(); // the next head, if one is already coming
                    }
                    closing = result == StreamedBody.FAILED // a cut body: only a close says so
                            || result == StreamedBody.DONE && exchange.stream.closeAfter();
                    if (phase == STREAM || closing) {
                        return result == StreamedBody.FULL;
                    }
                }
                case DEFERRED -> {
                    if (!exchange.response.deferred.completed()) {
                        return false; // the client's data or FIN, or an early wake-up: park again
                    }
                    phase = RESPOND;
                    inputFull = false;
                }
                default -> throw new IllegalStateException("phase " + phase);
            }
        }
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
                if (response.deferred != null && !response.deferred.cancel() && response.deferred.abandoned()) {
                    closing = true; // a completer is filling the response: no answer, and it is never reused
                    return true;
                }
                fail(Status.INTERNAL_SERVER_ERROR);
                return true;
            }
            exchange.handled = true;
        }
        int ready = response.extended ? exchange.prepare(this, now + context.handlerNanos()) : Exchange.READY;
        if (ready != Exchange.READY) {
            if (ready == Exchange.FAILED) {
                fail(Status.INTERNAL_SERVER_ERROR);
            } else {
                phase = DEFERRED; // parked until completed
                if (!request.chunked && request.contentLength <= 0) {
                    request.detachHead(); // so that the input can be read while it waits: the client is watched
                    in.position(in.position() + request.headLength());
                    exchange.headConsumed = true;
                }
            }
            return true;
        }
        boolean close = !request.keepAlive || lastExchange || serverDraining()
                || response.extended && response.closeDelimited();
        byte[] connectionLine = close ? Headers.CONNECTION_CLOSE
                : request.version == 10 ? Headers.CONNECTION_KEEP_ALIVE : null;
        ResponseListener listener = context.listener();
        long bodyBytes = listener == null ? 0 : response.declaredBodyLength(request.methodIs("HEAD"));
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
        responded(listener, response.status, bodyBytes);
        if (!request.chunked && request.contentLength <= 0 && !exchange.headConsumed) {
            in.position(in.position() + request.headLength()); // consume the head only now
        }
        boolean streams = response.extended && exchange.startStream(request.methodIs("HEAD"), close);
        exchange.next();
        phase = streams ? STREAM : HEAD;
        closing = close && !streams; // a stream closes when it ends
        headerDeadline = now + context.headerNanos(); // the next head, if one is already coming
        return true;
    }

    /**
     * A response is queued: the request is no longer active, and the listener (if any) is told, while the
     * request is still readable (its head not yet consumed).
     */
    private void responded(ResponseListener listener, int status, long bodyBytes) {
        answeredOne = true;
        endRequest();
        if (listener != null) {
            tell(listener, status, bodyBytes);
        }
    }

    /** A listener's failure must not cost the response already queued: logged (at most once a second). */
    private void tell(ResponseListener listener, int status, long bodyBytes) {
        try {
            listener.responded(context.stats().shard(), exchange.request, status, bodyBytes,
                    headerDeadline - context.headerNanos(), System.nanoTime());
        } catch (Throwable t) {
            ListenerFailures.log(t);
        }
    }

    private void endRequest() {
        if (inRequest) {
            inRequest = false;
            context.stats().requestEnded();
        }
    }

    /** From any thread: a deferred response was completed; a worker takes the connection on to send it. */
    void resume() {
        wake();
    }

    /** Something is wrong with the request: answer {@code status} and close; parse nothing more. */
    private void fail(int status) {
        errorStatus = status;
        phase = ERROR; // never reads: the input (perhaps the failed request's head) is dropped by writeError
        if (exchange != null) {
            exchange.parser.reset();
        }
        giveBackBody(); // no body will be read now
    }

    private boolean writeError() {
        if (exchange == null) {
            exchange = context.exchanges().acquire();
            exchange.request.connection(socket, context.platform());
        }
        if (!ResponseWriter.writeError(exchange.response, errorStatus, io)) {
            return false; // an error response always fits: only a full output stops it
        }
        ResponseListener listener = context.listener();
        responded(listener, errorStatus, listener == null ? 0 : exchange.response.bodyLength());
        // Only now: until the listener has seen it, the request's head may still point into the input, which
        // must stay this connection's (releaseIdleBuffers keeps a buffer that holds bytes) while the error
        // waits for room in the output.
        exchange.request.answered();
        io.discardInput();
        closing = true;
        lingerOnClose = true;
        return true;
    }

    /** The blocking handler's thread: whether its response must say {@code Connection: close} (draining). */
    boolean draining() {
        return serverDraining();
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
        endRequest(); // cut short: it will not be answered
        io.releaseAll();
        giveBackBody();
        // Not reused while a blocking handler or a completer may still hold it.
        if (exchange != null && phase != BLOCKING && exchange.abort()) {
            context.exchanges().release(exchange);
        }
        exchange = null;
        idle = true;
    }
}
