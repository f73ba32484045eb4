package transport;

import java.nio.ByteBuffer;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * Fixed-size direct buffers, lent to connections only while they have bytes in flight (DESIGN.md rule 8).
 * Lock-free; when the pool is empty a new buffer is made, and when it is full a returned buffer is left to
 * the garbage collector, so the pool holds at most {@code retained} idle buffers.
 */
public final class BufferPool {
    private final int bufferSize;
    private final MpmcVarHandleArrayQueue<ByteBuffer> free;

    public BufferPool(int bufferSize, int retained) {
        this.bufferSize = bufferSize;
        this.free = new MpmcVarHandleArrayQueue<>(Math.max(2, retained));
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer (position 0, limit = capacity). */
    public ByteBuffer acquire() {
        ByteBuffer buffer = free.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferSize);
    }

    public void release(ByteBuffer buffer) {
        buffer.clear();
        free.offer(buffer);
    }
}
