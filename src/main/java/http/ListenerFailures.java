package http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a {@link ResponseListener} that threw, at most once a second over all threads (a listener failing on
 * every response must not flood the log). Touched only when a listener fails: not on the hot path.
 */
final class ListenerFailures {
    private static final Logger log = LoggerFactory.getLogger(ResponseListener.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicLong lastLog = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private static final AtomicLong suppressed = new AtomicLong();

    private ListenerFailures() {
    }

    static void log(Throwable failure) {
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
            log.error("Response listener failed; the response is sent ({} failure(s) since the last one logged)",
                    suppressed.getAndSet(0), failure);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
