package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ConnectionTableTest {

    private static Session session() {
        return new Session(null) {
            @Override
            protected void onReady(int readyOps) {
            }

            @Override
            protected boolean isIdle() {
                return true;
            }
        };
    }

    private static Session add(ConnectionTable table) {
        Session s = session();
        long token = table.reserve();
        s.attach(null, token);
        table.publish(s);
        return s;
    }

    @Test
    void aStaleTokenNeverFindsTheConnectionThatReusedItsSlot() {
        ConnectionTable table = new ConnectionTable(1);
        Session first = add(table);
        long stale = first.token();
        assertSame(first, table.find(stale));
        table.release(first);
        assertNull(table.find(stale));
        Session second = add(table);
        assertEquals((int) stale, (int) second.token(), "same slot");
        assertNotEquals(stale, second.token(), "new generation");
        assertNull(table.find(stale));
        assertSame(second, table.find(second.token()));
    }

    @Test
    void aFullTableRefusesUntilASlotIsFreed() {
        ConnectionTable table = new ConnectionTable(2);
        Session a = add(table);
        add(table);
        assertEquals(-1, table.reserve());
        assertEquals(2, table.live());
        table.release(a);
        assertEquals(1, table.live());
        add(table);
        assertEquals(2, table.live());
    }

    /**
     * The timeout scan's walk costs what the live sessions cost, not what the table's capacity costs: 2,000
     * walks over 16 sessions in a table of 2^20 slots take well under a second (a walk over every slot
     * takes about a millisecond each, seconds in all).
     */
    @Test
    void aWalkCostsTheLiveSessionsNotTheCapacity() {
        ConnectionTable table = new ConnectionTable(1 << 20);
        for (int i = 0; i < 16; i++) {
            add(table);
        }
        AtomicInteger seen = new AtomicInteger();
        long start = System.nanoTime();
        for (int walk = 0; walk < 2_000; walk++) {
            table.forEachOpen(s -> seen.incrementAndGet());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(16 * 2_000, seen.get());
        assertTrue(millis < 1_000, "2,000 walks over 16 live sessions took " + millis + " ms");
    }

    @Test
    void aWalkVisitsTheOpenSessionsAndDropsTheReleasedOnes() {
        ConnectionTable table = new ConnectionTable(8);
        Session a = add(table);
        Session b = add(table);
        Session c = add(table);
        table.release(b);
        java.util.List<Session> seen = new java.util.ArrayList<>();
        table.forEachOpen(seen::add);
        assertEquals(java.util.List.of(a, c), seen.stream().sorted(java.util.Comparator.comparingLong(
                Session::token)).toList());
        Session d = add(table); // takes b's slot, with a new generation
        table.release(a);
        seen.clear();
        table.forEachOpen(seen::add);
        assertEquals(2, seen.size());
        assertTrue(seen.contains(c) && seen.contains(d));
    }

    /** Churn with no walk in between (connections that close fast): the array stays within 2 x capacity. */
    @Test
    void churnWithoutAWalkKeepsTheArrayBounded() {
        int capacity = 100;
        ConnectionTable table = new ConnectionTable(capacity);
        java.util.ArrayDeque<Session> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < 100_000; i++) {
            if (table.live() == capacity) {
                table.release(open.removeFirst());
            }
            open.addLast(add(table));
            assertTrue(table.openedLength() <= 2 * capacity, "array of " + table.openedLength());
        }
        AtomicInteger seen = new AtomicInteger();
        table.forEachOpen(s -> seen.incrementAndGet());
        assertEquals(capacity, seen.get());
    }
}
