package events;

import java.util.Arrays;
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
 *
 * <p>T0 also keeps the sessions it published in a dense array, so that its periodic walks (timeouts, idle
 * reclaiming) cost the live sessions, not the capacity. Workers close sessions without touching that array:
 * T0 drops a session from it lazily, during a walk or when the array is full, once the session's slot no
 * longer holds it (it was released). No lock and no atomic read-modify-write is added for it.
 */
final class ConnectionTable {
    private static final int EMPTY = -1;

    private final AtomicReferenceArray<Session> sessions;
    private final int[] generations;   // written by T0 only
    private final int[] nextFree;      // link of the free stack, written before the CAS that publishes it
    private final AtomicInteger freeHead = new AtomicInteger(EMPTY);
    private final AtomicInteger live = new AtomicInteger();
    // T0 only. Published sessions, released ones among them until T0 notices. Its length stays within
    // 2 x capacity: when full it is compacted first, and it grows only while it is over half full after that.
    private Session[] opened;
    private int openedCount;
    private final int maxOpened;

    ConnectionTable(int capacity) {
        maxOpened = (int) Math.min(Integer.MAX_VALUE - 8, 2L * capacity);
        opened = new Session[Math.min(64, maxOpened)];
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
        int generation = nextGeneration(slot);
        live.incrementAndGet();
        return ((long) generation << 32) | slot;
    }

    /**
     * T0: a new token for the live session holding {@code token}'s slot: the slot's next generation, so that
     * events carrying the old token find nothing (and a later reuse of the slot never matches either).
     */
    long renew(long token) {
        int slot = (int) token;
        return ((long) nextGeneration(slot) << 32) | slot;
    }

    /** 31 bits, wrapping: a token is never negative (-1 means "full"), and a wrap takes 2^31 reuses. */
    private int nextGeneration(int slot) {
        return generations[slot] = (generations[slot] + 1) & Integer.MAX_VALUE;
    }

    /** T0: makes {@code session} (already attached to its reserved token) findable by events. */
    void publish(Session session) {
        sessions.set((int) session.token(), session);
        if (openedCount == opened.length) {
            makeRoom();
        }
        opened[openedCount++] = session;
    }

    /**
     * Drops the released sessions, then doubles the array if it is still over half full, so that a
     * compaction (O(length)) comes at most once per length/2 publishes. After a compaction at most
     * capacity - 1 sessions remain (the one being published holds a slot too), so at 2 x capacity there is
     * always room.
     */
    private void makeRoom() {
        forEachOpen(null);
        if (openedCount > opened.length / 2 && opened.length < maxOpened) {
            opened = Arrays.copyOf(opened, (int) Math.min(maxOpened, 2L * opened.length));
        }
    }

    /**
     * T0: calls {@code action} (when not null) on every published session that has not been released,
     * dropping the released ones as it goes (swap-remove). O(live sessions + those closed since the last
     * walk), whatever the capacity. A session the action closes is dropped on a later walk.
     */
    void forEachOpen(Consumer<Session> action) {
        Session[] list = opened;
        int i = 0;
        while (i < openedCount) {
            Session s = list[i];
            if (sessions.get((int) s.token()) != s) {
                list[i] = list[--openedCount];
                list[openedCount] = null;
                continue;
            }
            if (action != null) {
                action.accept(s);
            }
            i++;
        }
    }

    /** T0: the length of the array behind {@link #forEachOpen} (for tests of its bound). */
    int openedLength() {
        return opened.length;
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

    /**
     * Whether every live session passes {@code test} (shutdown only, from any thread: a walk over the whole
     * table, as the dense array belongs to T0).
     */
    boolean all(Predicate<Session> test) {
        for (int slot = 0; slot < generations.length; slot++) {
            Session s = sessions.get(slot);
            if (s != null && !test.test(s)) {
                return false;
            }
        }
        return true;
    }

    /** A snapshot walk over the live sessions (shutdown only, from any thread: the whole table). */
    void forEach(Consumer<Session> action) {
        for (int slot = 0; slot < generations.length; slot++) {
            Session s = sessions.get(slot);
            if (s != null) {
                action.accept(s);
            }
        }
    }
}
