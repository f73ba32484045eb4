package platform.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * The libc calls of the Linux backend, through java.lang.foreign (no JNI, no compiled code).
 *
 * <p>Every wrapper returns the call's result, or {@code -errno} when it failed, so that the hot path never
 * throws: callers test for a negative value. errno is captured right after the call
 * ({@link Linker.Option#captureCallState}) into a per-thread segment. Calls that cannot block are linked
 * {@linkplain Linker.Option#critical critical} (no thread-state transition, heap buffers allowed);
 * {@code epoll_wait} blocks and is not.
 */
final class Native {
    // <sys/epoll.h>
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    // <sys/socket.h>, <netinet/in.h>, <netinet/tcp.h>, <fcntl.h>
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_REUSEPORT = 15;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int TCP_DEFER_ACCEPT = 9;
    static final int SHUT_WR = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_MORE = 0x8000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;
    // <errno.h>
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ECONNABORTED = 103;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle READ = critical("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle SEND = critical("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    // The same two with the buffer as a raw address (a pointer is passed like a long on x86-64 and aarch64):
    // the hot path then makes no MemorySegment at all, whatever escape analysis decides.
    private static final MethodHandle READ_AT = critical("read", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle SEND_AT =
            critical("send", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SENDMSG = critical("sendmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle WRITE = critical("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle CLOSE = critical("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle SHUTDOWN = critical("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = critical("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle EPOLL_CTL = critical("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle EPOLL_WAIT = blocking("epoll_wait", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_CREATE1 = blocking("epoll_create1", JAVA_INT, JAVA_INT);
    private static final MethodHandle EVENTFD = blocking("eventfd", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SOCKET = blocking("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT =
            blocking("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = blocking("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = blocking("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = blocking("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETPEERNAME = blocking("getpeername", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** Per-thread scratch memory: the errno capture, and small argument structs. */
    static final class Scratch {
        final MemorySegment capture;
        final MemorySegment struct;  // epoll_event, an int option, an eventfd counter
        final MemorySegment iovecs;
        /** A {@code struct msghdr} whose iovec array is {@link #iovecs}: only its count changes per call. */
        final MemorySegment message;
        /**
         * Base addresses of the direct buffers this thread has used: a small direct-mapped cache. Its
         * entries are weak, so it keeps no buffer alive (a handler's direct body, a buffer dropped by its
         * owner); a collected buffer's entry simply misses.
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private final WeakReference<ByteBuffer>[] buffers = new WeakReference[ADDRESS_CACHE];
        private final long[] bases = new long[ADDRESS_CACHE];

        private Scratch() {
            Arena arena = Arena.ofAuto();
            capture = arena.allocate(CAPTURE_LAYOUT);
            struct = arena.allocate(16, 8);
            iovecs = arena.allocate(16 * Iov.MAX, 8);
            message = MessageHeader.allocate(arena, iovecs);
        }

        int errno() {
            return (int) ERRNO.get(capture, 0L);
        }

        /**
         * The native address of a direct buffer's first byte (index 0). Pooled buffers come back again and
         * again, so after warm-up this is a hit and allocates nothing; a miss asks java.lang.foreign once.
         */
        long base(ByteBuffer direct) {
            int i = System.identityHashCode(direct) & (ADDRESS_CACHE - 1);
            WeakReference<ByteBuffer> cached = buffers[i];
            if (cached != null && cached.get() == direct) {
                return bases[i];
            }
            long base = MemorySegment.ofBuffer(direct).address() - direct.position();
            buffers[i] = new WeakReference<>(direct);
            bases[i] = base;
            return base;
        }
    }

    private static final int ADDRESS_CACHE = 128;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Native() {
    }

    static Scratch scratch() {
        return SCRATCH.get();
    }

    static MethodHandle critical(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(result, args),
                Linker.Option.captureCallState("errno"), Linker.Option.critical(true));
    }

    static MethodHandle blocking(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), FunctionDescriptor.of(result, args),
                Linker.Option.captureCallState("errno"));
    }

    static long check(long result, Scratch s) {
        return result >= 0 ? result : -s.errno();
    }

    static int check(int result, Scratch s) {
        return result >= 0 ? result : -s.errno();
    }

    static long read(int fd, MemorySegment buf, long count) {
        Scratch s = scratch();
        try {
            return check((long) READ.invokeExact(s.capture, fd, buf, count), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static long readAt(int fd, long address, long count) {
        Scratch s = scratch();
        try {
            return check((long) READ_AT.invokeExact(s.capture, fd, address, count), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static long sendAt(int fd, long address, long count) {
        Scratch s = scratch();
        try {
            return check((long) SEND_AT.invokeExact(s.capture, fd, address, count, MSG_NOSIGNAL), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@link #sendAt} with MSG_MORE: more bytes follow at once, so the kernel may hold these for them. */
    static long sendMoreAt(int fd, long address, long count) {
        Scratch s = scratch();
        try {
            return check((long) SEND_AT.invokeExact(s.capture, fd, address, count, MSG_NOSIGNAL | MSG_MORE), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static long send(int fd, MemorySegment buf, long count) {
        Scratch s = scratch();
        try {
            return check((long) SEND.invokeExact(s.capture, fd, buf, count, MSG_NOSIGNAL), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /**
     * A gathering write of the first {@code count} iovecs of this thread's {@link Scratch#iovecs}, with
     * {@code MSG_NOSIGNAL}: a peer that is gone gives EPIPE, never SIGPIPE (writev cannot take that flag).
     */
    static long sendIovecs(int fd, int count) {
        Scratch s = scratch();
        MessageHeader.setIovecCount(s.message, count);
        try {
            return check((long) SENDMSG.invokeExact(s.capture, fd, s.message, MSG_NOSIGNAL), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static long write(int fd, MemorySegment buf, long count) {
        Scratch s = scratch();
        try {
            return check((long) WRITE.invokeExact(s.capture, fd, buf, count), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int close(int fd) {
        Scratch s = scratch();
        try {
            return check((int) CLOSE.invokeExact(s.capture, fd), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int shutdown(int fd, int how) {
        Scratch s = scratch();
        try {
            return check((int) SHUTDOWN.invokeExact(s.capture, fd, how), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int accept4(int fd, int flags) {
        Scratch s = scratch();
        try {
            return check((int) ACCEPT4.invokeExact(s.capture, fd, MemorySegment.NULL, MemorySegment.NULL, flags), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** epoll_ctl with an event built in this thread's scratch struct. */
    static int epollCtl(int epfd, int op, int fd, int events, long data) {
        Scratch s = scratch();
        EpollEvent.set(s.struct, 0, events, data);
        try {
            return check((int) EPOLL_CTL.invokeExact(s.capture, epfd, op, fd, s.struct), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int epollWait(int epfd, MemorySegment events, int max, int timeoutMillis) {
        Scratch s = scratch();
        try {
            return check((int) EPOLL_WAIT.invokeExact(s.capture, epfd, events, max, timeoutMillis), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int epollCreate() {
        Scratch s = scratch();
        try {
            return check((int) EPOLL_CREATE1.invokeExact(s.capture, SOCK_CLOEXEC), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int eventfd() {
        Scratch s = scratch();
        try {
            return check((int) EVENTFD.invokeExact(s.capture, 0, EFD_NONBLOCK | EFD_CLOEXEC), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int socket(int family) {
        Scratch s = scratch();
        try {
            return check((int) SOCKET.invokeExact(s.capture, family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int setIntOption(int fd, int level, int option, int value) {
        Scratch s = scratch();
        s.struct.set(JAVA_INT, 0, value);
        try {
            return check((int) SETSOCKOPT.invokeExact(s.capture, fd, level, option, s.struct, 4), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int bind(int fd, MemorySegment address, int length) {
        Scratch s = scratch();
        try {
            return check((int) BIND.invokeExact(s.capture, fd, address, length), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int listen(int fd, int backlog) {
        Scratch s = scratch();
        try {
            return check((int) LISTEN.invokeExact(s.capture, fd, backlog), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int getsockname(int fd, MemorySegment address, MemorySegment length) {
        Scratch s = scratch();
        try {
            return check((int) GETSOCKNAME.invokeExact(s.capture, fd, address, length), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    static int getpeername(int fd, MemorySegment address, MemorySegment length) {
        Scratch s = scratch();
        try {
            return check((int) GETPEERNAME.invokeExact(s.capture, fd, address, length), s);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** The C library's message for an errno value. */
    static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static IllegalStateException linkageFailure(Throwable t) {
        return new IllegalStateException("native call failed", t);
    }
}
