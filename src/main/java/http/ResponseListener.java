package http;

/**
 * Told about every response a server sends, on the thread that sends it, as soon as the response is queued
 * for the socket: for access logs and metrics ({@link ServerOptions#responseListener}). It runs on the hot
 * path: it must not block, should not allocate, and must not keep the request, which is reused. It must not
 * throw: the connection catches and logs what it throws, but a listener told half a response is a defect.
 *
 * <p>Not told: the fixed 503 written when no buffer was left ({@code --max-buffer-memory}), to read a
 * request into or to write its answer; {@link ServerStats#refusedForMemory()} counts those.
 */
@FunctionalInterface
public interface ResponseListener {
    /**
     * @param shard      which thread calls: {@code 0} to {@code workers - 1} for the server's worker threads
     *                   (each index from one thread only), {@code -1} for any other thread (a blocking
     *                   handler's virtual thread; a deferred response is sent by a worker); state kept per
     *                   shard needs no lock for {@code 0..workers-1} only, and must treat any other value
     *                   (negative, or beyond the count it was built for) as shared by many threads
     * @param request    the request answered; when the server answered one it could not read (400, 408, 413,
     *                   431, 503...), {@link Request#headComplete()} is false and only
     *                   {@link Request#remoteAddress()} may be asked
     * @param status     the status sent
     * @param bodyBytes  the body's length as sent in {@code Content-Length} (0 for HEAD, 204 and 304), or -1
     *                   when it was not known ahead (chunked, or ended by the close)
     * @param startNanos {@link System#nanoTime()} when the request's first bytes were read (for a request
     *                   pipelined behind another: when the one before it was answered)
     * @param endNanos   {@link System#nanoTime()} as the response was queued
     */
    void responded(int shard, Request request, int status, long bodyBytes, long startNanos, long endNanos);

    /** A listener that tells this one, then {@code next} (e.g. metrics, then an access log). */
    default ResponseListener andThen(ResponseListener next) {
        return (shard, request, status, bodyBytes, startNanos, endNanos) -> {
            try {
                responded(shard, request, status, bodyBytes, startNanos, endNanos);
            } finally { // one that throws does not keep the next one from being told
                next.responded(shard, request, status, bodyBytes, startNanos, endNanos);
            }
        };
    }
}
