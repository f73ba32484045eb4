package events;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Live sessions by slot, so that an event's token finds its session and a stale token finds nothing.
 *
 * <p>A token is {@code generation << 32 | slot}. The generation of a slot grows each time it is reused, so
 * an event for a closed connection can never reach the connection that took its slot (DESIGN.md rule 4).
 * Only T0 allocates; any worker releases. Free slots form a lock-free stack: with a single popper there is
 * no ABA problem, so one CAS per operation is enough.
 */
final class ConnectionTable {
    private static final int EMPTY = -1;

    private final AtomicReferenceArray<Session> sessions;
    private final int[] generations;   // written by T0 only
    private final int[] nextFree;      // link of the free stack, written before the CAS that publishes it
    private final AtomicInteger freeHead = new AtomicInteger(EMPTY);
    private final AtomicInteger live = new AtomicInteger();

    ConnectionTable(int capacity) {
        sessions = new AtomicReferenceArray<>(capacity);
        generations = new int[capacity];
        nextFree = new int[capacity];
        for (int slot = capacity - 1; slot >= 0; slot--) {
            nextFree[slot] = freeHead.get();
            freeHead.set(slot);
        }
    }

    int capacity() {
        return generations.length;
    }

    int live() {
        return live.get();
    }

    /** T0: takes a free slot and returns its new token, or -1 when the table is full. */
    long reserve() {
        int slot;
        while (true) {
            slot = freeHead.get();
            if (slot == EMPTY) {
                return -1;
            }
            if (freeHead.compareAndSet(slot, nextFree[slot])) {
                break;
            }
        }
        int generation = ++generations[slot];
        live.incrementAndGet();
        return ((long) generation << 32) | slot;
    }

    /** T0: makes {@code session} (already attached to its reserved token) findable by events. */
    void publish(Session session) {
        sessions.set((int) session.token(), session);
    }

    /** T0: the live session an event token names, or null when the token is stale. */
    Session find(long token) {
        Session s = sessions.get((int) token);
        return s != null && s.token() == token ? s : null;
    }

    /** Any thread: the session is closed; its slot may be reused. */
    void release(Session session) {
        sessions.compareAndSet((int) session.token(), session, null);
        releaseReserved(session.token());
    }

    /**
     * Returns a reserved slot that never got a session, or one whose session is gone. The slot is back on the
     * free stack before the live count drops: T0 accepts when it sees room, and must then find a free slot.
     */
    void releaseReserved(long token) {
        int slot = (int) token;
        while (true) {
            int head = freeHead.get();
            nextFree[slot] = head;
            if (freeHead.compareAndSet(head, slot)) {
                break;
            }
        }
        live.decrementAndGet();
    }

    /** Whether every live session passes {@code test} (shutdown only: a walk over the whole table). */
    boolean all(Predicate<Session> test) {
        for (int slot = 0; slot < generations.length; slot++) {
            Session s = sessions.get(slot);
            if (s != null && !test.test(s)) {
                return false;
            }
        }
        return true;
    }

    /** A snapshot walk over the live sessions (shutdown only). */
    void forEach(Consumer<Session> action) {
        for (int slot = 0; slot < generations.length; slot++) {
            Session s = sessions.get(slot);
            if (s != null) {
                action.accept(s);
            }
        }
    }
}
