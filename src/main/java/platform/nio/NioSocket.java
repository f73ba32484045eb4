package platform.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import platform.OpenFile;
import platform.Socket;

/**
 * A connected socket as a java.nio SocketChannel. The JDK writes a heap buffer through a temporary direct
 * buffer as large as the write, which it then keeps per thread: a heap buffer is therefore written at most
 * {@link #MAX_HEAP_WRITE} bytes at a time, so that an 8 MiB body does not leave 8 MiB behind each worker.
 */
final class NioSocket implements Socket {
    /** The most of a heap buffer handed to the channel in one call (a socket rarely takes more at once). */
    static final int MAX_HEAP_WRITE = 256 * 1024;
    final SocketChannel channel;
    /** Set once by the poller on registration (T0), read by workers after they receive an event. */
    SelectionKey key;
    /** The session's token: set on registration and on each re-arm (a parked session may get a new one). */
    volatile long token;
    private InetSocketAddress peer; // looked up on first use: most requests never ask

    NioSocket(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (src.isDirect() || src.remaining() <= MAX_HEAP_WRITE) {
            return channel.write(src);
        }
        int limit = src.limit();
        src.limit(src.position() + MAX_HEAP_WRITE);
        try {
            return channel.write(src);
        } finally {
            src.limit(limit);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int count) throws IOException {
        // At most one large heap buffer goes out per call (a response body behind its head): cut it down
        // like a single write, and put its limit back after.
        int cut = -1;
        int limit = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = srcs[i];
            if (!b.isDirect() && b.remaining() > MAX_HEAP_WRITE) {
                cut = i;
                limit = b.limit();
                b.limit(b.position() + MAX_HEAP_WRITE);
                break;
            }
        }
        try {
            return channel.write(srcs, 0, cut >= 0 ? cut + 1 : count); // nothing after a cut goes first
        } finally {
            if (cut >= 0) {
                srcs[cut].limit(limit);
            }
        }
    }

    @Override
    public long sendFile(OpenFile file, long position, long count) throws IOException {
        if (!(file instanceof NioFile nio)) {
            throw new IllegalArgumentException("a file opened by another backend: " + file.getClass().getName());
        }
        if (count == 0) {
            return 0;
        }
        // A FileChannel closes itself when its thread is interrupted, and this file may be shared (a cache):
        // a blocking handler's thread that kept its interrupt flag must not close it for every response.
        boolean interrupted = Thread.interrupted();
        try {
            long n = nio.channel.transferTo(position, count, channel);
            if (n == 0 && position >= nio.channel.size()) {
                return -1; // nothing at position: the file is shorter than it was
            }
            return n;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        if (peer == null) {
            try {
                peer = (InetSocketAddress) channel.getRemoteAddress();
            } catch (IOException e) {
                return null; // closed: the address cannot be had any more
            }
        }
        return peer;
    }

    @Override
    public void close() {
        try {
            if (channel.isConnected() && !channel.socket().isOutputShutdown()) {
                // A channel still registered with a selector is really closed (FIN sent) only when the
                // selector next runs; shutting output down first lets the peer see the end at once.
                channel.shutdownOutput();
            }
        } catch (IOException ignored) {
            // reset by the peer already: closing is all that is left
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is gone either way
        }
    }
}
