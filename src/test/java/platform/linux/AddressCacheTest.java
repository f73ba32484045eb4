package platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import platform.IoMode;
import platform.Socket;
import support.Await;
import support.Backends;

/**
 * The per-thread cache of direct-buffer addresses must not keep a buffer alive: a handler's direct body
 * buffer, written once, is collected once nothing else refers to it.
 */
class AddressCacheTest {

    @Test
    void aDirectBufferWrittenOnceIsNotKeptReachableByTheCache() throws Exception {
        Assumptions.assumeTrue(Backends.all().contains(IoMode.EPOLL), "epoll backend only");
        Backends.assumeAvailable(IoMode.EPOLL);
        try (LinuxListenSocket listener = LinuxListenSocket.open(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
             java.net.Socket client = new java.net.Socket()) {
            Socket server = Accepted.from(listener, client);
            try {
                WeakReference<ByteBuffer> used = writeOnce(server);
                assertEquals(1000, client.getInputStream().readNBytes(1000).length, "the bytes went out");
                Await.until("the buffer to be collected", () -> {
                    System.gc();
                    return used.get() == null;
                });
            } finally {
                server.close();
            }
        }
    }

    @Test
    void aBufferThatStaysGivesTheSameAddressEveryTime() {
        Assumptions.assumeTrue(Backends.all().contains(IoMode.EPOLL), "epoll backend only");
        Backends.assumeAvailable(IoMode.EPOLL);
        Native.Scratch scratch = Native.scratch();
        ByteBuffer pooled = ByteBuffer.allocateDirect(4096);
        long base = scratch.base(pooled);
        pooled.position(100);
        assertEquals(base, scratch.base(pooled), "the base is that of index 0, whatever the position");
        assertEquals(java.lang.foreign.MemorySegment.ofBuffer(pooled.duplicate().clear()).address(), base);
    }

    /** A handler's direct body: written through the cache, then dropped. */
    private static WeakReference<ByteBuffer> writeOnce(Socket server) throws IOException {
        ByteBuffer body = ByteBuffer.allocateDirect(1000);
        assertEquals(1000, server.write(body));
        return new WeakReference<>(body);
    }
}
