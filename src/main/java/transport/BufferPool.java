package transport;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * Fixed-size direct buffers, lent to connections only while they have bytes in flight (DESIGN.md rule 8).
 * Lock-free and capped: at most {@code maxBuffers} buffers ever exist. They are made on demand and every
 * one returned is kept for reuse, so the memory is bounded, no direct buffer is left to the garbage
 * collector, and a cache keyed by buffer (the Linux backend's address cache) sees the same few again and
 * again. When all are lent, {@link #acquire()} answers null: the caller must refuse, not wait.
 */
public final class BufferPool {
    private final int bufferSize;
    private final int maxBuffers;
    private final MpmcVarHandleArrayQueue<ByteBuffer> free;
    private final AtomicInteger made = new AtomicInteger();
    /** After the JDK refused a direct buffer, none is made until this System.nanoTime(). */
    private volatile long refusedUntil = System.nanoTime();
    private static final long REFUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** A pool of buffers of {@code bufferSize} bytes, at most {@code maxBuffers} (at least 1) of them. */
    public BufferPool(int bufferSize, int maxBuffers) {
        this.bufferSize = bufferSize;
        this.maxBuffers = Math.max(1, maxBuffers);
        this.free = new MpmcVarHandleArrayQueue<>(Math.max(2, this.maxBuffers)); // room for every buffer
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer (position 0, limit = capacity), or null when all {@code maxBuffers} are lent. */
    public ByteBuffer acquire() {
        ByteBuffer buffer = free.poll();
        return buffer != null ? buffer : make();
    }

    private ByteBuffer make() {
        if (System.nanoTime() - refusedUntil < 0) {
            return free.poll(); // the JDK refused a buffer lately: do not pay its GC and back-off again
        }
        int n;
        do {
            n = made.get();
            if (n >= maxBuffers) {
                return free.poll(); // one may have come back meanwhile
            }
        } while (!made.compareAndSet(n, n + 1));
        try {
            return ByteBuffer.allocateDirect(bufferSize);
        } catch (OutOfMemoryError e) {
            // The JDK's direct-memory limit came first (after a GC and ~0.5 s of back-off in this thread):
            // refuse like at the cap, and for a while make no new buffer at all.
            made.decrementAndGet();
            refusedUntil = System.nanoTime() + REFUSE_NANOS;
            return null;
        }
    }

    /** Takes back a buffer this pool lent. */
    public void release(ByteBuffer buffer) {
        buffer.clear();
        if (!free.offer(buffer)) {
            throw new IllegalStateException("a buffer returned twice, or not this pool's");
        }
    }

    /** Buffers made so far (lent or free): never more than the cap. */
    public int inExistence() {
        return made.get();
    }

    /** Buffers lent right now (exact when the pool is quiet). */
    public int lent() {
        return made.get() - free.size();
    }
}
