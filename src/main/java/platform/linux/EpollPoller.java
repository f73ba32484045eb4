package platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

import platform.ListenSocket;
import platform.Poller;
import platform.Socket;

/**
 * The {@link Poller} as epoll(7), one call per operation: register is {@code EPOLL_CTL_ADD} (T0) and a
 * re-arm {@code EPOLL_CTL_MOD} (the worker that owns the connection), both with {@code EPOLLONESHOT}: the
 * kernel applies a re-arm at once, so T0 is never woken for it. A take-back is {@code EPOLL_CTL_DEL}, the
 * only call besides close that silences a descriptor. Only {@link #wakeup} (stop) uses an eventfd.
 */
final class EpollPoller implements Poller {
    private static final long LISTENER = -1L;
    private static final long WAKER = -2L;
    private static final int MAX_EVENTS = 512;

    private final int epfd;
    private final int wakeFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment events;
    private final MemorySegment wakeCounter;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private boolean closed;

    EpollPoller() throws IOException {
        epfd = Native.epollCreate();
        if (epfd < 0) {
            throw new IOException("epoll_create1: " + Native.strerror(-epfd));
        }
        wakeFd = Native.eventfd();
        if (wakeFd < 0) {
            Native.close(epfd);
            throw new IOException("eventfd: " + Native.strerror(-wakeFd));
        }
        events = arena.allocate((long) EpollEvent.SIZE * MAX_EVENTS, 8);
        wakeCounter = arena.allocate(8, 8);
        ctl(Native.EPOLL_CTL_ADD, wakeFd, Native.EPOLLIN, WAKER);
    }

    @Override
    public void registerListener(ListenSocket listener) throws IOException {
        ctl(Native.EPOLL_CTL_ADD, ((LinuxListenSocket) listener).fd, Native.EPOLLIN, LISTENER);
    }

    @Override
    public void deregisterListener(ListenSocket listener) {
        Native.epollCtl(epfd, Native.EPOLL_CTL_DEL, ((LinuxListenSocket) listener).fd, 0, 0);
    }

    @Override
    public void register(Socket socket, long token, int interest) throws IOException {
        ctl(Native.EPOLL_CTL_ADD, ((LinuxSocket) socket).fd, toEvents(interest), token);
    }

    @Override
    public void rearm(Socket socket, long token, int interest) throws IOException {
        ctl(Native.EPOLL_CTL_MOD, ((LinuxSocket) socket).fd, toEvents(interest), token);
    }

    @Override
    public void takeBack(Socket socket, long token) throws IOException {
        // Not EPOLL_CTL_MOD to no interest: the kernel always adds EPOLLERR | EPOLLHUP to a MOD, so a reset
        // would still deliver the connection to a second owner (DESIGN.md rule 12).
        ctl(Native.EPOLL_CTL_DEL, ((LinuxSocket) socket).fd, 0, token);
    }

    @Override
    public void deregister(Socket socket) {
        // Nothing to do: closing the descriptor removes it from the epoll set. Its owner got it by an event
        // (the one-shot has fired and reports nothing more until re-armed) or by takeBack (deleted).
    }

    private void ctl(int op, int fd, int mask, long data) throws IOException {
        int r = Native.epollCtl(epfd, op, fd, mask, data);
        if (r < 0) {
            throw new IOException("epoll_ctl: " + Native.strerror(-r));
        }
    }

    @Override
    public int poll(Events sink, long timeoutMillis) throws IOException {
        int timeout = timeoutMillis < 0 ? -1 : (int) Math.min(timeoutMillis, Integer.MAX_VALUE);
        int n = Native.epollWait(epfd, events, MAX_EVENTS, timeout);
        if (n < 0) {
            if (-n == Native.EINTR) {
                return 0;
            }
            throw new IOException("epoll_wait: " + Native.strerror(-n));
        }
        for (int i = 0; i < n; i++) {
            long data = EpollEvent.data(events, i);
            if (data == LISTENER) {
                sink.acceptable();
            } else if (data == WAKER) {
                // Read, then clear: a wakeup() after the clear writes again and the next poll sees it. The other
                // order lets the read swallow a wakeup() made in between, with the flag left set for good.
                Native.read(wakeFd, wakeCounter, 8);
                wakeupPending.set(false);
            } else {
                sink.ready(data, fromEvents(EpollEvent.events(events, i)));
            }
        }
        return n;
    }

    @Override
    public void disarm(Socket socket) {
        // The armed event carries the old token, which finds nothing now (DESIGN.md rule 4).
    }

    @Override
    public void wakeup() {
        if (!wakeupPending.getAndSet(true)) {
            MemorySegment one = Native.scratch().struct;
            one.set(JAVA_LONG, 0, 1L);
            synchronized (this) { // not after close(): the descriptor's number may belong to another file by then
                if (!closed) {
                    Native.write(wakeFd, one, 8);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.close(wakeFd);
            Native.close(epfd);
            arena.close();
        }
    }

    private static int toEvents(int interest) {
        int mask = Native.EPOLLONESHOT;
        if ((interest & READ) != 0) {
            // EPOLLRDHUP stays set while the peer is half-closed: asked for with write interest, it would
            // re-fire the one-shot right after every re-arm (DESIGN.md rule 13). A reader sees EOF instead.
            mask |= Native.EPOLLIN | Native.EPOLLRDHUP;
        }
        if ((interest & WRITE) != 0) {
            mask |= Native.EPOLLOUT;
        }
        return mask;
    }

    private static int fromEvents(int mask) {
        int ready = 0;
        if ((mask & Native.EPOLLIN) != 0) {
            ready |= READ;
        }
        if ((mask & Native.EPOLLOUT) != 0) {
            ready |= WRITE;
        }
        if ((mask & (Native.EPOLLHUP | Native.EPOLLERR | Native.EPOLLRDHUP)) != 0) {
            ready |= HANGUP;
        }
        return ready;
    }
}
