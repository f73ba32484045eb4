package http;

/**
 * The state of one request/response exchange: parser, body decoder, request and response. Borrowed from a
 * pool when a connection starts receiving a request and returned when it goes idle, so an idle keep-alive
 * connection does not carry a request's worth of memory (DESIGN.md rule 8).
 */
final class Exchange {
    final RequestParser parser;
    final BodyDecoder body;
    final Request request;
    final Response response = new Response();
    /** The streamed body being sent, if any. */
    final StreamedBody stream = new StreamedBody();
    /** The handler that answers this request, chosen by {@link Handler#select} once its head is parsed. */
    Handler handler;
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
     * The response's streamed body, if it has one, starts going out; true then. Without one, or when no
     * body is sent ({@code head}, 204, 205, 304), false; the source, if any, is closed unread.
     */
    boolean startStream(boolean head, boolean close) {
        java.nio.channels.ReadableByteChannel source = response.takeSource();
        int status = response.status;
        if (source == null || head || status == 204 || status == 205 || status == 304) {
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
        response.reset();
        handler = null;
        handled = false;
        continuePending = false;
    }

    /** Ready for another connection. */
    void clear() {
        next();
        parser.reset();
        request.release();
    }
}
