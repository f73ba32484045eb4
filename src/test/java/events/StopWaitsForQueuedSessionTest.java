package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * A graceful stop waits for a session whose event is queued but not run yet: such a session still says idle
 * (it was, before its event), so the stop's wait asks for "idle and armed". The one worker is held in the
 * window between a session going idle and its re-arm, while another session's event queues behind it.
 */
class StopWaitsForQueuedSessionTest {
    static List<IoMode> backends() {
        return Backends.all();
    }

    /** Idle between events, as an HTTP connection with nothing in progress. */
    private static final class Probe extends Session {
        final CountDownLatch release; // null: re-arms at once
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        private volatile boolean idle = true;

        Probe(platform.Socket socket, CountDownLatch release) {
            super(socket);
            this.release = release;
        }

        @Override
        protected void onReady(int readyOps) {
            idle = false;
            try {
                if ((readyOps & Poller.READ) != 0) {
                    socket.read(ByteBuffer.allocate(16));
                }
            } catch (IOException e) {
                close();
                return;
            }
            runs.incrementAndGet();
            idle = true; // answered: nothing in progress
            entered.countDown();
            if (release != null) {
                try {
                    release.await(30, TimeUnit.SECONDS); // the window before the re-arm, stretched
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            rearmUntil(Poller.READ, 0);
        }

        @Override
        protected void onClose() {
            closes.incrementAndGet();
        }

        @Override
        protected boolean isIdle() {
            return idle;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopDoesNotCloseASessionWhoseEventIsQueued(IoMode io) throws Exception {
        Backends.assumeAvailable(io);
        Platform platform = Backend.open(io);
        ListenSocket listener = platform.listen(new InetSocketAddress("127.0.0.1", 0), 16, false);
        Poller poller = platform.openPoller();
        CountDownLatch release = new CountDownLatch(1);
        List<Probe> probes = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop(poller, listener, socket -> {
            Probe p = new Probe(socket, probes.isEmpty() ? release : null);
            probes.add(p);
            return p;
        }, new WorkerPool(1, 16, IdleStrategy.backoff(16, 1), "skep-test-worker-"), 16,
                IdleStrategy.backoff(0, 1), TimeUnit.SECONDS.toNanos(30));
        loop.start();
        List<java.net.Socket> clients = new ArrayList<>();
        Thread stopper = null;
        try {
            for (int i = 0; i < 2; i++) {
                java.net.Socket c = new java.net.Socket();
                c.connect(new InetSocketAddress("127.0.0.1", listener.localPort()), 10_000);
                clients.add(c);
                int n = i + 1;
                Await.until("session " + n, () -> probes.size() == n);
            }
            Probe held = probes.get(0);
            Probe queued = probes.get(1);
            clients.get(0).getOutputStream().write(1);
            assertTrue(held.entered.await(10, TimeUnit.SECONDS), "the worker runs the first session");
            clients.get(1).getOutputStream().write(1);
            Await.until("the second session's event to be queued", () -> loop.workers().queued() == 1);

            stopper = Thread.ofPlatform().start(() -> loop.stop(TimeUnit.SECONDS.toMillis(20)));
            stopper.join(1000); // the unfixed stop ends its wait here: both sessions said idle
            release.countDown();
            stopper.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(stopper.isAlive());
            assertEquals(1, queued.runs.get(), "the queued session's event was run before the stop closed it");
            assertEquals(1, queued.closes.get());
            assertEquals(1, held.closes.get());
        } finally {
            release.countDown();
            for (java.net.Socket c : clients) {
                c.close();
            }
            if (stopper == null) {
                loop.stop(0);
            } else {
                stopper.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }
}
