package events;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * T0's pick, during one walk over the open sessions, of the armed idle sessions that have been idle the
 * longest (the earliest deadlines: an idle session's deadline is when it went idle plus the keep-alive
 * timeout), at most {@code limit} of them, and a count of all the armed idle sessions seen. Reused from walk
 * to walk; allocates nothing.
 */
final class OldestIdle implements Consumer<Session> {
    private final Session[] picked;   // sorted by deadline, earliest first
    private final long[] deadlines;
    private int size;
    private int seen;

    OldestIdle(int limit) {
        picked = new Session[limit];
        deadlines = new long[limit];
    }

    /** Forgets the last walk's pick (and its references). */
    void clear() {
        Arrays.fill(picked, 0, size, null);
        size = 0;
        seen = 0;
    }

    @Override
    public void accept(Session session) {
        if (!session.isArmedIdle()) {
            return;
        }
        seen++;
        long deadline = session.deadline();
        if (size == picked.length && deadline - deadlines[size - 1] >= 0) {
            return; // no older than any picked: the common case once the pick is full
        }
        int i = size == picked.length ? size - 1 : size++; // when full, the newest picked one drops out
        for (; i > 0 && deadline - deadlines[i - 1] < 0; i--) { // nanoTime order: compare differences
            picked[i] = picked[i - 1];
            deadlines[i] = deadlines[i - 1];
        }
        picked[i] = session;
        deadlines[i] = deadline;
    }

    /** Armed idle sessions seen by the walk. */
    int seen() {
        return seen;
    }

    /** How many are picked: {@code min(seen, limit)}. */
    int size() {
        return size;
    }

    /** The picked session idle the {@code i}-th longest (0: the longest). */
    Session get(int i) {
        return picked[i];
    }
}
