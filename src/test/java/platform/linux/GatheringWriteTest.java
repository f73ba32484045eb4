package platform.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
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
 * The gathering write (two direct buffers in one system call) to a peer that reset the connection fails with
 * an IOException and raises no SIGPIPE: it must not rely on the JVM ignoring that signal.
 *
 * <p>How SIGPIPE is observed: this thread blocks SIGPIPE, so a signal raised by its own write stays pending
 * instead of being handled (and ignored) by the JVM; {@code sigpending} then shows whether one was raised.
 */
class GatheringWriteTest {
    private static final int SIG_BLOCK = 0;
    private static final int SIG_SETMASK = 2;
    private static final int SIGPIPE = 13;
    private static final long SIGSET_BYTES = 128;

    @Test
    void aGatheringWriteToAResetPeerThrowsAndRaisesNoSigpipe() throws Throwable {
        Assumptions.assumeTrue(Backends.all().contains(IoMode.EPOLL), "epoll backend only");
        Backends.assumeAvailable(IoMode.EPOLL);
        try (Arena arena = Arena.ofConfined();
             LinuxListenSocket listener = LinuxListenSocket.open(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
             java.net.Socket client = new java.net.Socket()) {
            Socket server = Accepted.from(listener, client);
            try {
                client.setSoLinger(true, 0);
                client.close(); // RST
                ByteBuffer head = ByteBuffer.allocateDirect(64).put(new byte[64]).flip();
                ByteBuffer body = ByteBuffer.allocateDirect(64 * 1024);
                ByteBuffer[] both = {head, body};

                MemorySegment pipe = arena.allocate(SIGSET_BYTES, 8);
                MemorySegment saved = arena.allocate(SIGSET_BYTES, 8);
                MemorySegment pending = arena.allocate(SIGSET_BYTES, 8);
                assertEquals(0, (int) Libc.SIGEMPTYSET.invokeExact(pipe));
                assertEquals(0, (int) Libc.SIGADDSET.invokeExact(pipe, SIGPIPE));
                assertEquals(0, (int) Libc.PTHREAD_SIGMASK.invokeExact(SIG_BLOCK, pipe, saved));
                boolean raised;
                try {
                    // The first write after the reset reports ECONNRESET (no signal); the ones after it
                    // EPIPE, which is what raises SIGPIPE without MSG_NOSIGNAL.
                    int failures = 0;
                    String last = null;
                    for (int i = 0; i < 100 && failures < 3; i++) {
                        head.position(0);
                        body.clear();
                        try {
                            server.write(both, 2);
                        } catch (IOException e) {
                            failures++;
                            last = e.getMessage();
                        }
                    }
                    assertEquals(3, failures, "every write after the reset fails");
                    assertNotNull(last);
                    assertTrue(last.contains("Broken pipe"), "EPIPE after the reset, got: " + last);
                    assertEquals(0, (int) Libc.SIGPENDING.invokeExact(pending));
                    raised = (int) Libc.SIGISMEMBER.invokeExact(pending, SIGPIPE) == 1;
                    if (raised) {
                        int sig = (int) Libc.SIGTIMEDWAIT.invokeExact(pipe, MemorySegment.NULL,
                                arena.allocate(16, 8)); // consume it before unblocking
                        assertEquals(SIGPIPE, sig);
                    }
                } finally {
                    assertEquals(0, (int) Libc.PTHREAD_SIGMASK.invokeExact(SIG_SETMASK, saved, MemorySegment.NULL));
                }
                assertFalse(raised, "the gathering write raised SIGPIPE: it must pass MSG_NOSIGNAL");
            } finally {
                server.close();
            }
        }
    }

    /** The libc signal calls, linked on first use (after the test knows it runs on Linux). */
    private static final class Libc {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final MethodHandle SIGEMPTYSET = libc("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        private static final MethodHandle SIGADDSET =
                libc("sigaddset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle SIGISMEMBER =
                libc("sigismember", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle SIGPENDING = libc("sigpending", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        private static final MethodHandle PTHREAD_SIGMASK =
                libc("pthread_sigmask", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        private static final MethodHandle SIGTIMEDWAIT =
                libc("sigtimedwait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

        private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
        }
    }
}
