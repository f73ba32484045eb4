package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import platform.ListenSocket;
import platform.Poller;
import platform.Socket;
import support.Await;

/**
 * Reclaiming at the connection limit never takes a session back in the middle of a poll's batch: epoll
 * hands T0 a whole array of events at once, and an event later in it may name the idle session T0 would
 * reclaim for the waiting client. Taking it back first would hand it to two workers (RECLAIM, then READ).
 *
 * <p>A scripted poller plays the kernel: it accepts one connection K (the limit is 1), delivers K's first
 * request, and once K is armed idle it delivers one batch: the listener (a client waits) and then K's next
 * request. K counts its armings and its runs; a run without an arming of its own is a second owner.
 */
class ReclaimInBatchTest {

    /** A socket nobody reads or writes: the probe session below never touches it. */
    private static final class IdleSocket implements Socket {
        @Override public long sendFile(platform.OpenFile file, long position, long count) {
            throw new UnsupportedOperationException("no files in this test");
        }

        @Override public int read(ByteBuffer dst) {
            return 0;
        }
        @Override public int write(ByteBuffer src) {
            return 0;
        }
        @Override public long write(ByteBuffer[] srcs, int count) {
            return 0;
        }
        @Override public void shutdownOutput() { }
        @Override public void close() { }
    }

    /** Hands out one socket, then nothing. */
    private static final class OneClient implements ListenSocket {
        private boolean given;

        @Override public Socket accept() {
            if (given) {
                return null;
            }
            given = true;
            return new IdleSocket();
        }
        @Override public int localPort() {
            return 0;
        }
        @Override public void close() { }
    }

    private static final class Probe extends Session {
        final AtomicInteger armings = new AtomicInteger(1); // armed by T0 on accept
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger overRuns = new AtomicInteger();
        final AtomicInteger reclaims = new AtomicInteger();
        final CountDownLatch batchDone;

        Probe(Socket socket, CountDownLatch batchDone) {
            super(socket);
            this.batchDone = batchDone;
        }

        @Override
        protected void onReady(int readyOps) {
            if (runs.incrementAndGet() > armings.get()) {
                overRuns.incrementAndGet(); // handed out without being armed: someone else has it too
            }
            if ((readyOps & RECLAIM) != 0) {
                reclaims.incrementAndGet();
                awaitQuietly(batchDone); // keep it open until T0 has handled the rest of the batch
                close();
                return;
            }
            armings.incrementAndGet(); // before the re-arm: another worker may run it once the call returns
            rearmIdleUntil(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    /** Plays epoll for one connection: accept, its first request, then {listener, its next request}. */
    private static final class ScriptedPoller implements Poller {
        @Override
        public void disarm(Socket socket) {
        }

        final AtomicLong token = new AtomicLong(-1);
        final AtomicReference<Probe> probe = new AtomicReference<>();
        final CountDownLatch batchDone = new CountDownLatch(1);
        private int step;

        @Override
        public int poll(Events events, long timeoutMillis) {
            switch (step) {
                case 0 -> {
                    step++;
                    events.acceptable();
                    return 1;
                }
                case 1 -> {
                    step++;
                    events.ready(token.get(), READ);
                    return 1;
                }
                case 2 -> {
                    Probe k = probe.get();
                    if (k != null && k.isArmedIdle()) {
                        step++;
                        events.acceptable();         // a client waits; the table is full
                        events.ready(token.get(), READ); // and K's next request is in the same batch
                        batchDone.countDown();
                        return 2;
                    }
                }
                default -> {
                    // nothing more happens
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            return 0;
        }

        @Override public void registerListener(ListenSocket listener) { }
        @Override public void deregisterListener(ListenSocket listener) { }
        @Override public void register(Socket socket, long t, int interest) {
            token.set(t);
        }
        @Override public void rearm(Socket socket, long t, int interest) { }
        @Override public void takeBack(Socket socket, long t) { }
        @Override public void deregister(Socket socket) { }
        @Override public void wakeup() { }
        @Override public void close() { }
    }

    @Test
    void anIdleSessionNamedLaterInTheSameBatchIsNotAlsoReclaimed() throws Exception {
        ScriptedPoller poller = new ScriptedPoller();
        EventLoop loop = new EventLoop(poller, new OneClient(), socket -> {
            Probe p = new Probe(socket, poller.batchDone);
            poller.probe.set(p);
            return p;
        }, new WorkerPool(1, 4, IdleStrategy.backoff(16, 1), "skep-test-worker-"), 1, // in order: RECLAIM, then READ
                IdleStrategy.backoff(0, 1), TimeUnit.HOURS.toNanos(1));
        loop.start();
        try {
            Await.until("the batch with K's next request", () -> poller.batchDone.getCount() == 0);
            Probe k = poller.probe.get();
            Await.until("K's next request to be handled", () -> k.runs.get() >= 3 || k.reclaims.get() > 0);
            // Afterwards K may be reclaimed for the waiting client: that is right, once it is idle again.
            Await.until("K to settle (armed idle again, or reclaimed)", () -> k.isArmedIdle() || loop.connections() == 0);
            assertEquals(0, k.overRuns.get(), "K was handed out without an arming of its own: two owners");
            assertTrue(k.runs.get() <= k.armings.get());
        } finally {
            poller.batchDone.countDown();
            loop.stop(0);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
