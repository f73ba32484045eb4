package http;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import transport.Connection;

/**
 * The state of one request/response exchange: parser, body decoder, request and response. Borrowed from a
 * pool when a connection starts receiving a request and returned when it goes idle, so an idle keep-alive
 * connection does not carry a request's worth of memory (DESIGN.md rule 8).
 */
final class Exchange {
    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    /** {@link #readHead} and {@link #readBody} results; a negative one is the error status to answer. */
    static final int NEED_MORE = 0;
    /** ...the output must be flushed first... */
    static final int FLUSH = 1;
    /** ...the head is read and a body follows... */
    static final int BODY_NEXT = 2;
    /** ...the request is complete: run the handler. */
    static final int RESPOND_NEXT = 3;
    /** ...the head is complete and a blocking handler answers it: its thread takes the connection (and a permit). */
    static final int BLOCKING_NEXT = 4;

    final RequestParser parser;
    final BodyDecoder body;
    final Request request;
    final Response response = new Response();
    /** The streamed body being sent, if any. */
    final StreamedBody stream = new StreamedBody();
    /** The handler that answers this request, chosen by {@link Handler#select} once its head is parsed. */
    Handler handler;
    /** The head was copied out and consumed from the input already (a deferred response's, so it can read). */
    boolean headConsumed;
    /** The handler ran; the response waits for output space. */
    boolean handled;
    /** {@code Expect: 100-continue} still to be answered. */
    boolean continuePending;

    Exchange(Limits limits) {
        this.parser = new RequestParser(limits);
        this.body = new BodyDecoder(limits);
        this.request = new Request(limits.maxHeaders());
    }

    /**
     * Parses the head from {@code in}; once it is complete, checks its framing, selects the handler and, when
     * a body follows, reserves it in the buffered-body budget and starts decoding it.
     *
     * @return {@link #NEED_MORE}, {@link #BODY_NEXT}, {@link #RESPOND_NEXT}, {@link #BLOCKING_NEXT} or minus an
     *         error status
     */
    int readHead(ByteBuffer in, HttpContext context) {
        int result = parser.parse(in, request);
        if (result == RequestParser.INCOMPLETE) {
            return NEED_MORE;
        }
        if (result < 0) {
            return result;
        }
        int status = Framing.analyze(request, context.limits());
        if (status != 0) {
            return -status;
        }
        try {
            handler = context.handler().select(request);
        } catch (RuntimeException e) {
            log.warn("Handler selection failed on {} {}", request.method(), request.target(), e);
            return -Status.INTERNAL_SERVER_ERROR;
        }
        boolean blocking = handler.blocking();
        boolean hasBody = request.chunked || request.contentLength > 0;
        if (blocking ? !context.blockingPermits().tryAcquire() : hasBody && !request.chunked
                && !request.bodyBuffer().reserve(context.bodyBudget(), request.contentLength, request.contentLength)) {
            return -Status.SERVICE_UNAVAILABLE; // no blocking handler free, or the body budget spent: never wait
        }
        if (!hasBody) {
            return blocking ? BLOCKING_NEXT : RESPOND_NEXT; // the head stays in the input while the handler reads it
        }
        request.detachHead();
        in.position(in.position() + request.headLength());
        if (request.chunked) {
            body.startChunked();
        } else {
            body.startFixed(request.contentLength);
        }
        continuePending = request.expectContinue;
        return blocking ? BLOCKING_NEXT : BODY_NEXT; // a blocking handler reads the body itself, as it arrives
    }

    /**
     * Decodes what {@code in} holds of the body, answering {@code Expect: 100-continue} first if the client
     * waits for it.
     *
     * @return {@link #NEED_MORE}, {@link #FLUSH}, {@link #RESPOND_NEXT} or minus an error status
     */
    int readBody(ByteBuffer in, Connection io, HttpContext context) {
        if (continuePending) {
            if (in.hasRemaining()) {
                continuePending = false; // the client did not wait for it
            } else {
                ByteBuffer out = io.output(Headers.CONTINUE.length);
                if (out == null) {
                    return FLUSH;
                }
                out.put(Headers.CONTINUE);
                continuePending = false;
                return NEED_MORE;
            }
        }
        if (request.chunked && !request.bodyBuffer()
                .reserveForChunks(context.bodyBudget(), in.remaining(), context.limits().maxBody())) {
            return -Status.SERVICE_UNAVAILABLE;
        }
        int result = body.decode(in, request.bodyBuffer());
        if (result == BodyDecoder.NEED_MORE) {
            return NEED_MORE;
        }
        return result < 0 ? result : RESPOND_NEXT;
    }

    /** {@link #prepare} results: the response may be written; it is deferred and not completed; its fill threw. */
    static final int READY = 0;
    static final int PENDING = 1;
    static final int FAILED = 2;

    /**
     * The handler returned a response with a streamed body or a deferred one: a deferred response is
     * attached to {@code owner} (which a completion wakes) and tells whether it is completed; a streamed
     * body of unknown length goes chunked, except in HTTP/1.0 where the close ends it.
     */
    int prepare(HttpConnection owner, long handlerDeadline) {
        Deferred deferred = response.deferred;
        if (deferred != null) {
            deferred.attach(owner, handlerDeadline);
            if (!deferred.completed()) {
                return PENDING;
            }
            if (deferred.failed()) {
                return FAILED;
            }
        }
        response.chunked = response.sourceLength < 0 && request.version != 10;
        return READY;
    }

    /**
     * The response's streamed body, if it has one, starts going out; true then. Without one, when no
     * body is sent ({@code head}, 204, 205, 304), or when a blocking handler's output stream sent the
     * response already, false; the source, if any, is closed unread.
     */
    boolean startStream(boolean head, boolean close) {
        ReadableByteChannel source = response.takeSource();
        int status = response.status;
        if (source == null || head || status == 204 || status == 205 || status == 304 || response.streamed) {
            StreamedBody.closeQuietly(source);
            return false;
        }
        stream.start(source, response.sourceLength, response.chunked, close);
        return true;
    }

    /**
     * The connection closes: a streamed body's source is closed, a pending deferred response cancelled.
     * False when a completer's fill may still be touching the response: this exchange must not be reused.
     */
    boolean abort() {
        stream.abort();
        Deferred deferred = response.deferred;
        return deferred == null || deferred.cancel() || !deferred.abandoned();
    }

    /** Ready for the next request on the same connection. */
    void next() {
        request.answered();
        response.reset();
        handler = null;
        handled = false;
        headConsumed = false;
        continuePending = false;
    }

    /** Ready for another connection. */
    void clear() {
        next();
        parser.reset();
        request.release();
    }
}
