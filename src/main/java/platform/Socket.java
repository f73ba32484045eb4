package platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One connected, non-blocking stream socket. Reads and writes never block: they move what the kernel takes
 * now and report how much. Owned by one thread at a time (see DESIGN.md), so implementations need no locks.
 */
public interface Socket {

    /** Reads into {@code dst} from its position; returns bytes read, 0 if none are ready, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}'s position; returns bytes written (0 when the socket buffer is full). */
    int write(ByteBuffer src) throws IOException;

    /** Gathering write of {@code srcs[0..count)} in one system call; returns bytes written. */
    long write(ByteBuffer[] srcs, int count) throws IOException;

    /**
     * Like {@link #write(ByteBuffer)}, but tells the kernel that more follows at once (a file's bytes after
     * its head), so that the two can leave in one segment. Where the OS has no such hint, a plain write.
     */
    default int writeMore(ByteBuffer src) throws IOException {
        return write(src);
    }

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position} straight from the file to the
     * socket (sendfile or its like: never through the heap). Returns the bytes sent, 0 when the socket takes
     * nothing now, or -1 when the file has no byte at {@code position} (it ended early: it shrank).
     *
     * @throws IllegalArgumentException when {@code file} was opened by another backend
     */
    long sendFile(OpenFile file, long position, long count) throws IOException;

    /** Sends FIN: no more bytes will be written, reading stays possible. */
    void shutdownOutput() throws IOException;

    /**
     * The peer's address and port; null when it cannot be known any more (the connection is gone). Looked
     * up on the first call and cached: later calls cost a field read. The default knows no address.
     */
    default InetSocketAddress remoteAddress() {
        return null;
    }

    /** Releases the descriptor. Safe to call twice. Deregister from the {@link Poller} first. */
    void close();
}
