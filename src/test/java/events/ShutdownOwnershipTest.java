package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Shutdown closes a connection only once no thread owns it (DESIGN.md rule 1). The one worker is stuck in a
 * handler past the stop's join timeout (5 s): its session stays open under it, while the connections nobody
 * owns (armed in the poller, or queued behind the stuck one) are closed by the stop.
 */
class ShutdownOwnershipTest {

    private static final class Probe extends Session {
        final CountDownLatch release;
        final boolean rearmWhenDone;
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicBoolean closedUnderItsOwner = new AtomicBoolean();

        Probe(platform.Socket socket, CountDownLatch release, boolean rearmWhenDone) {
            super(socket);
            this.release = release;
            this.rearmWhenDone = rearmWhenDone;
        }

        @Override
        protected void onReady(int readyOps) {
            running.set(true);
            entered.countDown();
            try {
                if ((readyOps & Poller.READ) != 0) {
                    socket.read(ByteBuffer.allocate(16));
                }
                release.await(30, TimeUnit.SECONDS); // a handler that does not return in time
            } catch (IOException | InterruptedException e) {
                // closes below either way
            } finally {
                running.set(false);
            }
            if (rearmWhenDone) {
                rearmUntil(Poller.READ, 0); // after the stop's last walk: the session must still be closed
            } else {
                close();
            }
        }

        @Override
        protected void onClose() {
            if (running.get()) {
                closedUnderItsOwner.set(true);
            }
            closes.incrementAndGet();
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    static List<Object[]> backendsAndEndings() {
        List<Object[]> cases = new ArrayList<>();
        for (IoMode io : Backends.all()) {
            cases.add(new Object[] {io, false});
            cases.add(new Object[] {io, true});
        }
        return cases;
    }

    /** The stuck handler then closes its session, or (second case) re-arms it after the stop's last walk. */
    @ParameterizedTest(name = "{0}, re-arms when done: {1}")
    @MethodSource("backendsAndEndings")
    void aSessionStillInAHandlerIsNotClosedUnderItsWorker(IoMode io, boolean rearmWhenDone) throws Exception {
        Backends.assumeAvailable(io);
        Platform platform = Backend.open(io);
        ListenSocket listener = platform.listen(new InetSocketAddress("127.0.0.1", 0), 16, false);
        Poller poller = platform.openPoller();
        CountDownLatch release = new CountDownLatch(1);
        List<Probe> probes = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop(poller, listener, socket -> {
            Probe p = new Probe(socket, release, rearmWhenDone);
            probes.add(p);
            return p;
        }, new WorkerPool(1, 16, IdleStrategy.backoff(16, 1), "skep-test-worker-"), 16,
                IdleStrategy.backoff(0, 1), TimeUnit.SECONDS.toNanos(30));
        loop.start();
        List<java.net.Socket> clients = new ArrayList<>();
        boolean stopped = false;
        try {
            for (int i = 0; i < 3; i++) {
                java.net.Socket c = new java.net.Socket();
                c.connect(new InetSocketAddress("127.0.0.1", listener.localPort()), 10_000);
                clients.add(c);
            }
            clients.get(0).getOutputStream().write(1);
            Await.until("three sessions", () -> probes.size() == 3);
            Probe stuck = probes.stream().filter(p -> waitEntered(p)).findFirst().orElseThrow();
            clients.get(1).getOutputStream().write(1); // its event queues behind the stuck worker, or stays armed
            stopped = true;
            loop.stop(0); // returns after its 5 s wait for the workers
            assertFalse(stuck.closedUnderItsOwner.get(), "the stop closed a session while its worker ran it");
            assertEquals(0, stuck.closes.get(), "the stuck worker's session is still its own");
            for (Probe p : probes) {
                if (p != stuck) {
                    assertEquals(1, p.closes.get(), "a session nobody owned was closed by the stop");
                }
            }
            release.countDown();
            Await.until("the stuck worker to close its session", () -> stuck.closes.get() == 1);
            assertFalse(stuck.closedUnderItsOwner.get());
            Await.until("no connection left", () -> loop.connections() == 0);
        } finally {
            release.countDown();
            for (java.net.Socket c : clients) {
                c.close();
            }
            if (!stopped) {
                loop.stop(0);
            }
        }
    }

    private static boolean waitEntered(Probe p) {
        try {
            return p.entered.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
