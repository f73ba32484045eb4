package transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pool never has more buffers in existence than its cap, and keeps every buffer it made. */
class BufferPoolTest {

    @Test
    void noMoreThanTheCapExistAndEveryOneIsKept() {
        BufferPool pool = new BufferPool(1024, 8);
        List<ByteBuffer> lent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ByteBuffer b = pool.acquire();
            assertNotNull(b, "buffer " + i + " of 8");
            assertEquals(1024, b.capacity());
            lent.add(b);
        }
        assertNull(pool.acquire(), "none beyond the cap");
        assertEquals(8, pool.inExistence());
        assertEquals(8, pool.lent());

        ByteBuffer back = lent.remove(3);
        back.position(10);
        pool.release(back);
        assertEquals(7, pool.lent());
        ByteBuffer again = pool.acquire();
        assertSame(back, again, "a returned buffer is kept and lent again");
        assertEquals(0, again.position(), "cleared");
        lent.add(again);

        for (ByteBuffer b : lent) {
            pool.release(b);
        }
        assertEquals(0, pool.lent());
        assertEquals(8, pool.inExistence(), "all kept, none dropped");
        for (int i = 0; i < 8; i++) {
            assertNotNull(pool.acquire());
        }
        assertEquals(8, pool.inExistence(), "reused, none made");
    }

    /**
     * The JDK's own limit on direct memory (here the test JVM's -Xmx1g) can come before the cap: the pool
     * then refuses like at its cap, and the failed buffer does not count against it.
     */
    @Test
    void directMemoryRunningOutIsARefusalNotAnError() {
        BufferPool pool = new BufferPool(Integer.MAX_VALUE - 64, 2); // more than the JVM allows at once
        assertNull(pool.acquire(), "refused");
        assertEquals(0, pool.inExistence(), "a buffer that could not be made is not counted");
        // The JDK spends a GC and ~0.5 s of back-off before it refuses: the next refusal must not pay that again.
        long start = System.nanoTime();
        assertNull(pool.acquire(), "refused again, at once");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 100, "the second refusal took " + millis + " ms");
    }
}
