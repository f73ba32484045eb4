package events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import platform.ListenSocket;
import platform.Poller;
import platform.Socket;

/** One registration in the model kernel: epoll's view of one descriptor. */
final class Reg {
    long token;
    int interest;
    boolean enabled;  // armed: the one-shot has not fired since the last ADD/MOD
    boolean deleted;  // EPOLL_CTL_DEL
    boolean closed;
}

/** A descriptor of the model: no bytes, just its registration. */
final class ModelSocket implements Socket {
        @Override public long sendFile(platform.OpenFile file, long position, long count) {
            throw new UnsupportedOperationException("no files in this test");
        }

    final Reg reg = new Reg();
    final ModelKernel kernel;

    ModelSocket(ModelKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public int read(ByteBuffer dst) {
        return 0;
    }

    @Override
    public int write(ByteBuffer src) {
        return 0;
    }

    @Override
    public long write(ByteBuffer[] srcs, int count) {
        return 0;
    }

    @Override
    public void shutdownOutput() {
    }

    @Override
    public void close() {
        synchronized (reg) {
            if (reg.closed) {
                kernel.doubleCloses.incrementAndGet();
                return;
            }
            reg.closed = true;
        }
        kernel.open.remove(this);
        kernel.live.decrementAndGet();
    }
}

/**
 * epoll with EPOLLONESHOT, as a model, for the protocol stress tests: it fires from the tests' own threads; a
 * MOD always keeps hang-ups armed and now and then fires at once (data already there); only DEL or close
 * silences a descriptor.
 */
final class ModelKernel implements Poller, ListenSocket {
    private static final Object WAKE = new Object();
    final LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    final List<ModelSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<ModelSocket> takenBack = new ConcurrentLinkedQueue<>();
    final AtomicInteger live = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger doubleCloses = new AtomicInteger();
    final AtomicBoolean accepting = new AtomicBoolean(true);
    volatile boolean listenerWatched;
    private final int maxLive;

    /** @param maxLive connections the model's listener offers at most at once */
    ModelKernel(int maxLive) {
        this.maxLive = maxLive;
    }

    /** A fired event on the ready list, until a poll hands it out (or DEL/close drops it). */
    record Event(ModelSocket socket, long token, int bits) {
    }

    /** The kernel's wake-up callback: delivers {@code bits} if the registration is armed for them. */
    void fire(ModelSocket s, int bits) {
        Reg r = s.reg;
        synchronized (r) {
            if (r.deleted || r.closed || !r.enabled) {
                return;
            }
            int deliver = (bits & (r.interest | Poller.HANGUP)); // ERR|HUP are always in the mask
            if (deliver == 0) {
                return;
            }
            r.enabled = false; // one-shot
            ready.add(new Event(s, r.token, deliver));
        }
    }

    /** The real T0 and two real workers over this model, with a table of {@code capacity} slots. */
    EventLoop eventLoop(EventLoop.SessionFactory factory, int capacity) {
        return new EventLoop(this, this, factory, new WorkerPool(2, capacity, IdleStrategy.backoff(16, 1),
                "skep-test-worker-"), capacity, IdleStrategy.backoff(0, 4), 0);
    }

    /**
     * A thread that fires readiness at random open descriptors until {@code stop}, a hang-up one time in
     * {@code hangupOneIn}, yielding now and then so that most sessions stay armed until T0's scan.
     */
    Thread randomReadiness(AtomicBoolean stop, int hangupOneIn) {
        return new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                ModelSocket s;
                synchronized (open) {
                    int size = open.size();
                    s = size == 0 ? null : open.get(random.nextInt(size));
                }
                if (s != null) {
                    fire(s, random.nextInt(hangupOneIn) == 0 ? Poller.HANGUP : Poller.READ);
                }
                if (random.nextInt(8) == 0) {
                    Thread.yield();
                }
            }
        }, "test-kernel-ready");
    }

    @Override
    public Socket accept() {
        if (!accepting.get() || live.get() >= maxLive) {
            return null;
        }
        ModelSocket s = new ModelSocket(this);
        live.incrementAndGet();
        accepted.incrementAndGet();
        open.add(s);
        return s;
    }

    @Override
    public int localPort() {
        return 0;
    }

    @Override
    public void registerListener(ListenSocket listener) {
        listenerWatched = true;
    }

    @Override
    public void deregisterListener(ListenSocket listener) {
        listenerWatched = false;
    }

    @Override
    public void register(Socket socket, long token, int interest) {
        Reg r = ((ModelSocket) socket).reg;
        synchronized (r) {
            r.token = token;
            r.interest = interest;
            r.enabled = true;
        }
    }

    @Override
    public void rearm(Socket socket, long token, int interest) throws IOException {
        ModelSocket s = (ModelSocket) socket;
        Reg r = s.reg;
        synchronized (r) {
            if (r.deleted || r.closed) {
                throw new ClosedChannelException(); // ENOENT / EBADF
            }
            r.token = token; // MOD sets the event's data: a session may re-arm with a new token
            r.interest = interest;
            r.enabled = true;
        }
        if (ThreadLocalRandom.current().nextInt(4) == 0) {
            fire(s, Poller.READ); // data already there: the event fires before this call returns
        }
    }

    @Override
    public void takeBack(Socket socket, long token) {
        ModelSocket s = (ModelSocket) socket;
        synchronized (s.reg) {
            s.reg.deleted = true;
            s.reg.enabled = false;
        }
        takenBack.add(s); // a kernel thread resets its peer now, while a worker handles the timeout
    }

    @Override
    public void disarm(Socket socket) {
        // like epoll: what is armed fires with the token it was armed with, stale once the session's is renewed
    }

    @Override
    public void deregister(Socket socket) {
    }

    @Override
    public int poll(Events events, long timeoutMillis) {
        int n = 0;
        if (listenerWatched && accepting.get() && live.get() < maxLive) {
            events.acceptable();
            n++;
        }
        Object first = null;
        try {
            first = n > 0 || timeoutMillis == 0 ? ready.poll()
                    : ready.poll(timeoutMillis < 0 ? Long.MAX_VALUE : timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Object o = first; o != null && n < 512; o = ready.poll()) {
            if (o instanceof Event e && stillListed(e)) {
                events.ready(e.token(), e.bits());
            }
            n++;
        }
        return n;
    }

    /**
     * Like epoll_wait copying from the ready list: an event fired before a DEL (a take-back) or a close
     * but not yet handed out is dropped with its registration; once handed out, it is the caller's.
     */
    private static boolean stillListed(Event e) {
        Reg r = e.socket().reg;
        synchronized (r) {
            return !r.deleted && !r.closed;
        }
    }

    @Override
    public void wakeup() {
        ready.add(WAKE);
    }

    @Override
    public void close() {
    }
}
