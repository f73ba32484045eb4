package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * T0 accepts only when {@link ConnectionTable#live()} shows room, and must then get a slot: a release makes
 * its slot reservable before the live count drops. Races T0's check-then-reserve against a releasing
 * worker, a table of one slot, many thousand times (bounded in count and time). (Checked: with the count
 * dropped before the slot is pushed, the reserve fails within the first few thousand rounds.)
 */
class ConnectionTableRaceTest {

    @Test
    void roomSeenByT0IsAlwaysAFreeSlot() throws Exception {
        ConnectionTable table = new ConnectionTable(1);
        AtomicLong handed = new AtomicLong(-1); // the token the "worker" is to release; -1: none
        int rounds = 50_000;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        AtomicBoolean stop = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            while (!stop.get() && System.nanoTime() - until < 0) {
                long token = handed.getAndSet(-1);
                if (token >= 0) {
                    table.releaseReserved(token);
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "test-releaser");
        worker.start();
        int done = 0;
        try {
            for (; done < rounds && System.nanoTime() - until < 0; done++) {
                while (table.live() >= table.capacity() && System.nanoTime() - until < 0) {
                    Thread.onSpinWait(); // T0 waits for room
                }
                if (table.live() >= table.capacity()) {
                    break;
                }
                long token = table.reserve();
                assertTrue(token >= 0, "T0 saw room but found no free slot, round " + done);
                handed.set(token);
            }
        } finally {
            stop.set(true);
            worker.join(10_000);
        }
        assertTrue(done > 1000, "only " + done + " rounds ran");
        long last = handed.getAndSet(-1);
        if (last >= 0) {
            table.releaseReserved(last);
        }
        assertEquals(0, table.live());
    }
}
