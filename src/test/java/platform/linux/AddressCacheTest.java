package platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import platform.IoMode;
import support.Await;
import support.Backends;

/**
 * The per-thread cache of direct-buffer addresses must not keep a buffer alive: a handler's direct body
 * buffer, written once, is collected once nothing else refers to it.
 */
class AddressCacheTest {

    @Test
    void aDirectBufferUsedOnceIsNotKeptReachableByTheCache() {
        Assumptions.assumeTrue(Backends.all().contains(IoMode.EPOLL), "epoll backend only");
        Native.Scratch scratch = Native.scratch();
        WeakReference<ByteBuffer> used = useOnce(scratch);
        Await.until("the buffer to be collected", () -> {
            System.gc();
            return used.get() == null;
        });
    }

    @Test
    void aBufferThatStaysGivesTheSameAddressEveryTime() {
        Assumptions.assumeTrue(Backends.all().contains(IoMode.EPOLL), "epoll backend only");
        Native.Scratch scratch = Native.scratch();
        ByteBuffer pooled = ByteBuffer.allocateDirect(4096);
        long base = scratch.base(pooled);
        pooled.position(100);
        assertEquals(base, scratch.base(pooled), "the base is that of index 0, whatever the position");
        assertEquals(java.lang.foreign.MemorySegment.ofBuffer(pooled.duplicate().clear()).address(), base);
    }

    private static WeakReference<ByteBuffer> useOnce(Native.Scratch scratch) {
        ByteBuffer body = ByteBuffer.allocateDirect(64 * 1024);
        scratch.base(body);
        return new WeakReference<>(body);
    }
}
