package platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import platform.OpenFile;
import platform.Socket;

/** A connected socket as a bare descriptor: reads and writes are single libc calls. */
final class LinuxSocket implements Socket {
    final int fd;
    private boolean closed;
    private InetSocketAddress peer; // looked up on first use: most requests never ask

    LinuxSocket(int fd) {
        this.fd = fd;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0; // read(2) of 0 bytes returns 0, which would look like the end of the stream
        }
        int position = dst.position();
        long n = dst.isDirect()
                ? Native.readAt(fd, Native.scratch().base(dst) + position, dst.remaining())
                : Native.read(fd, MemorySegment.ofBuffer(dst), dst.remaining());
        if (n > 0) {
            dst.position(position + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return -1; // end of stream
        }
        return again(n, "read");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int position = src.position();
        long n = src.isDirect()
                ? Native.sendAt(fd, Native.scratch().base(src) + position, src.remaining())
                : Native.send(fd, MemorySegment.ofBuffer(src), src.remaining());
        if (n >= 0) {
            src.position(position + (int) n);
            return (int) n;
        }
        return again(n, "send");
    }

    @Override
    public int writeMore(ByteBuffer src) throws IOException {
        if (!src.isDirect()) {
            return write(src);
        }
        int position = src.position();
        long n = Native.sendMoreAt(fd, Native.scratch().base(src) + position, src.remaining());
        if (n >= 0) {
            src.position(position + (int) n);
            return (int) n;
        }
        return again(n, "send");
    }

    @Override
    public long sendFile(OpenFile file, long position, long count) throws IOException {
        if (!(file instanceof LinuxFile linux)) {
            throw new IllegalArgumentException("a file opened by another backend: " + file.getClass().getName());
        }
        if (count == 0) {
            return 0;
        }
        long n = NativeFiles.sendfile(fd, linux.fd, position, count);
        if (n > 0) {
            return n;
        }
        if (n == 0) {
            return -1; // nothing at position: the file is shorter than it was
        }
        return again(n, "sendfile");
    }

    @Override
    public long write(ByteBuffer[] srcs, int count) throws IOException {
        if (count == 1 || count > Iov.MAX || !allDirect(srcs, count)) {
            return writeOneByOne(srcs, count);
        }
        Native.Scratch scratch = Native.scratch();
        MemorySegment iov = scratch.iovecs;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[i];
            iov.set(JAVA_LONG, (long) i * Iov.SIZE, scratch.base(b) + b.position());
            iov.set(JAVA_LONG, (long) i * Iov.SIZE + 8, b.remaining());
        }
        long n = Native.sendIovecs(fd, count);
        if (n < 0) {
            return again(n, "sendmsg");
        }
        long left = n;
        for (int i = 0; i < count && left > 0; i++) {
            ByteBuffer b = srcs[i];
            int taken = (int) Math.min(left, b.remaining());
            b.position(b.position() + taken);
            left -= taken;
        }
        return n;
    }

    /** Heap buffers cannot go into an iovec (their address is not stable): write them in turn. */
    private long writeOneByOne(ByteBuffer[] srcs, int count) throws IOException {
        long total = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[i];
            if (!b.hasRemaining()) {
                continue;
            }
            int want = b.remaining();
            total += write(b);
            if (b.hasRemaining() || want == 0) {
                break;
            }
        }
        return total;
    }

    private static boolean allDirect(ByteBuffer[] srcs, int count) {
        for (int i = 0; i < count; i++) {
            if (!srcs[i].isDirect()) {
                return false;
            }
        }
        return true;
    }

    /** A negative result: 0 for "try later", or the error as an exception. */
    private static int again(long negativeErrno, String call) throws IOException {
        int errno = (int) -negativeErrno;
        if (errno == Native.EAGAIN || errno == Native.EINTR) {
            return 0;
        }
        throw new IOException(call + ": " + Native.strerror(errno));
    }

    @Override
    public void shutdownOutput() throws IOException {
        int r = Native.shutdown(fd, Native.SHUT_WR);
        if (r < 0) {
            throw new IOException("shutdown: " + Native.strerror(-r));
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        if (peer == null && !closed) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment address = arena.allocate(SocketAddresses.STORAGE_SIZE, 8);
                MemorySegment length = arena.allocate(JAVA_INT);
                length.set(JAVA_INT, 0, SocketAddresses.STORAGE_SIZE);
                if (Native.getpeername(fd, address, length) == 0) {
                    peer = SocketAddresses.decode(address);
                }
            }
        }
        return peer;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd); // also removes it from every epoll set
        }
    }
}
