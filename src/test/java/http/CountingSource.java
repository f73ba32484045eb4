package http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A streamed body's source for tests: {@code size} bytes of a fixed pattern, generated as they are read;
 * counts what was pulled and how often it was closed, and may fail after {@code failAfter} bytes.
 */
final class CountingSource implements ReadableByteChannel {
    final long size;
    final AtomicLong pulled = new AtomicLong();
    final AtomicInteger closes = new AtomicInteger();
    private final long failAfter;
    private volatile boolean open = true;

    CountingSource(long size) {
        this(size, -1);
    }

    CountingSource(long size, long failAfter) {
        this.size = size;
        this.failAfter = failAfter;
    }

    static byte at(long i) {
        return (byte) (i * 31 + (i >>> 11));
    }

    /** The CRC32 of the first {@code n} bytes of the pattern. */
    static long crcOf(long n) {
        CRC32 crc = new CRC32();
        byte[] block = new byte[8192];
        for (long i = 0; i < n; ) {
            int len = (int) Math.min(block.length, n - i);
            for (int k = 0; k < len; k++) {
                block[k] = at(i + k);
            }
            crc.update(block, 0, len);
            i += len;
        }
        return crc.getValue();
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = at(i);
        }
        return b;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        long done = pulled.get();
        if (failAfter >= 0 && done >= failAfter) {
            throw new IOException("test source fails on purpose");
        }
        if (done >= size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), size - done);
        for (int k = 0; k < n; k++) {
            dst.put(at(done + k));
        }
        pulled.addAndGet(n);
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        closes.incrementAndGet();
    }
}
