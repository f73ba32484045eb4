package http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide budget for request bodies buffered whole (DESIGN.md rule 15): a body reserves its bytes
 * before they are stored and gives them back when its exchange ends or its connection closes. One atomic
 * counter, touched only by requests that have a body.
 */
final class BodyBudget {
    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** Takes {@code bytes} from the budget; false (taking nothing) when they do not fit. */
    boolean tryTake(long bytes) {
        long now;
        do {
            now = held.get();
            if (bytes > capacity - now) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    void giveBack(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes reserved by bodies right now. */
    long held() {
        return held.get();
    }
}
