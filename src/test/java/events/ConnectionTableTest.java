package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
