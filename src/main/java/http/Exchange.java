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
