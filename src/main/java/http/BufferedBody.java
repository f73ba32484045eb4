package http;

import java.nio.ByteBuffer;

import transport.Connection;

/**
 * The BODY phase for a handler that is not blocking: the body is read whole into the request's {@link Body},
 * counted against the buffered-body budget, before the handler runs. {@code Expect: 100-continue} is
 * answered when the input has nothing of the body yet.
 */
final class BufferedBody {
    /** {@link #read} result besides {@link BodyDecoder#NEED_MORE}, {@link BodyDecoder#DONE} and -status. */
    static final int FLUSH_FIRST = 2;

    private BufferedBody() {
    }

    /** Reads what the input holds of the body: NEED_MORE, DONE, FLUSH_FIRST (the 100 must go out) or -status. */
    static int read(Exchange exchange, Connection io, HttpContext context) {
        ByteBuffer in = io.input();
        if (exchange.continuePending) {
            if (in.hasRemaining()) {
                exchange.continuePending = false; // the client did not wait for it
            } else {
                ByteBuffer out = io.output(Headers.CONTINUE.length);
                if (out == null) {
                    return FLUSH_FIRST;
                }
                out.put(Headers.CONTINUE);
                exchange.continuePending = false;
                return BodyDecoder.NEED_MORE;
            }
        }
        Request request = exchange.request;
        if (request.chunked && !request.bodyBuffer()
                .reserveForChunks(context.bodyBudget(), in.remaining(), context.limits().maxBody())) {
            return -Status.SERVICE_UNAVAILABLE;
        }
        return exchange.body.decode(in, request.bodyBuffer());
    }
}
