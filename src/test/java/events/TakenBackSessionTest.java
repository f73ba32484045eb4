package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import platform.ListenSocket;
import platform.Platform;
import platform.Poller;
import platform.select.Backend;
import support.Await;
import support.Backends;

/**
 * DESIGN.md rule 12 over real sockets: a session that T0 took back for a timeout is not delivered again when
 * its peer resets while the timeout is being handled. With epoll, a disarm by {@code EPOLL_CTL_MOD} leaves
 * {@code EPOLLERR|EPOLLHUP} armed, so the reset handed the session to a second worker: two owners.
 */
class TakenBackSessionTest {
    private static final int CLIENTS = 20;
    /** How long a timed-out session waits, after its peer's reset arrived, for an event that must not come. */
    private static final long STRAY_EVENT_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** Reads the client's one byte, then re-arms already past its deadline; on the timeout, waits for a reset. */
    private static final class Probe extends Session {
        final AtomicInteger handled = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final LinkedBlockingQueue<Integer> timedOut;
        volatile int client = -1;

        Probe(platform.Socket socket, LinkedBlockingQueue<Integer> timedOut) {
            super(socket);
            this.timedOut = timedOut;
        }

        @Override
        protected void onReady(int readyOps) {
            int n = handled.incrementAndGet();
            if (n == 1 && (readyOps & TIMEOUT) == 0) {
                ByteBuffer one = ByteBuffer.allocate(1);
                try {
                    socket.read(one);
                } catch (IOException e) {
                    close();
                    return;
                }
                client = one.get(0);
                rearmUntil(Poller.READ, System.nanoTime()); // due at once: the next timeout scan takes it back
                return;
            }
            if ((readyOps & TIMEOUT) != 0) {
                timedOut.add(client); // the test resets that client now, while this worker owns the session
                awaitReset();
                long until = System.nanoTime() + STRAY_EVENT_WINDOW_NANOS;
                while (handled.get() == n && System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a bounded look for a stray event
                }
            }
            close();
        }

        private void awaitReset() {
            ByteBuffer b = ByteBuffer.allocate(16);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            try {
                while (socket.read(b.clear()) == 0 && System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            } catch (IOException reset) {
                // what we waited for
            }
        }

        @Override
        protected void onClose() {
            closes.incrementAndGet();
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aTimedOutSessionWhosePeerResetsIsHandledExactlyTwice(IoMode io) throws Exception {
        Platform platform = Backend.open(io);
        ListenSocket listener = platform.listen(new InetSocketAddress("127.0.0.1", 0), 128, false);
        Poller poller = platform.openPoller();
        LinkedBlockingQueue<Integer> timedOut = new LinkedBlockingQueue<>();
        Map<Integer, Probe> probes = new ConcurrentHashMap<>();
        AtomicInteger opened = new AtomicInteger();
        EventLoop loop = new EventLoop(poller, listener, socket -> {
            Probe p = new Probe(socket, timedOut);
            probes.put(opened.getAndIncrement(), p);
            return p;
        }, new WorkerPool(2, 64, IdleStrategy.backoff(16, 1), "skep-test-worker-"), 64,
                IdleStrategy.backoff(0, 1), TimeUnit.SECONDS.toNanos(10));
        loop.start();
        List<java.net.Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                java.net.Socket c = new java.net.Socket();
                c.connect(new InetSocketAddress("127.0.0.1", listener.localPort()), 10_000);
                c.getOutputStream().write(i);
                clients.add(c);
            }
            for (int i = 0; i < CLIENTS; i++) {
                Integer client = timedOut.poll(10, TimeUnit.SECONDS);
                assertTrue(client != null && client >= 0, "a session timed out");
                java.net.Socket c = clients.get(client);
                c.setSoLinger(true, 0);
                c.close(); // RST while the worker handles the timeout
            }
            Await.until("every session closed", () -> loop.connections() == 0 && probes.size() == CLIENTS
                    && probes.values().stream().allMatch(p -> p.closes.get() > 0));
            for (Probe p : probes.values()) {
                assertEquals(2, p.handled.get(), "events handled by session of client " + p.client
                        + " (its read, its timeout; a third is the reset delivered after it was taken back)");
                assertEquals(1, p.closes.get(), "closes of session of client " + p.client);
            }
            assertEquals(0, loop.connections());
        } finally {
            for (java.net.Socket c : clients) {
                c.close();
            }
            loop.stop(0);
        }
    }
}
