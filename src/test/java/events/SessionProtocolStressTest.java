package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import platform.Poller;
import platform.Socket;
import support.Await;

/**
 * The session protocol (DESIGN.md rules 1, 3, 4, 12) under contention: the real {@link EventLoop} (T0 with
 * its timeout scan), {@link WorkerPool} and {@link Session} code, over a {@link ModelKernel} poller that
 * behaves like epoll with {@code EPOLLONESHOT} and fires from its own threads: readiness at any moment, a
 * re-arm that fires at once (data already there) before the re-arming call returns, and a hang-up fired
 * right after T0 takes a session back for a timeout, while a worker handles that timeout.
 *
 * <p>Checked: a session is never run by two threads at once, never run again after its timeout or hang-up
 * was handled, closed exactly once; the table's slots and the sessions' buffers balance, and the free
 * stack holds each slot once. (Checked against the bug: with {@code takeBack} modelled as the old
 * {@code EPOLL_CTL_MOD}, which keeps hang-ups armed, the run fails at once with sessions run after their
 * timeout.)
 *
 * <p>Why not jcstress: it needs its own build and harness (an annotation processor and a separate runner
 * jar), and its actors run small state snippets, not the EventLoop/WorkerPool threads whose interleavings
 * matter here. A JUnit test racing the real code many thousand times, bounded in time, fits the Maven build
 * and runs with the rest of the suite.
 */
class SessionProtocolStressTest {
    private static final int LIVE = 1024;
    private static final int TARGET_TIMEOUTS = 10_000;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(8);

    /** Counts owners and lifetimes; holds a "buffer" while open. */
    private static final class Probe extends Session {
        static final AtomicInteger violations = new AtomicInteger();
        static final AtomicLong lent = new AtomicLong();
        static final AtomicInteger timeouts = new AtomicInteger();
        static final List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());

        final AtomicInteger owners = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean finished; // its timeout or hang-up was handled: it must never run again
        boolean holdsBuffer;

        Probe(Socket socket) {
            super(socket);
        }

        private static void violation(String what) {
            violations.incrementAndGet();
            if (examples.size() < 5) {
                examples.add(what);
            }
        }

        @Override
        protected void onReady(int readyOps) {
            if (owners.incrementAndGet() != 1) {
                violation("two owners at once, ops " + readyOps);
            }
            if (finished) {
                violation("run again after its timeout or hang-up, ops " + readyOps);
            }
            if (!holdsBuffer) {
                holdsBuffer = true;
                lent.incrementAndGet();
            }
            if ((readyOps & (TIMEOUT | Poller.HANGUP)) != 0) {
                finished = true;
                if ((readyOps & TIMEOUT) != 0) {
                    timeouts.incrementAndGet();
                }
                Thread.yield(); // give the hang-up fired at its take-back time to arrive
                owners.decrementAndGet();
                close();
                return;
            }
            owners.decrementAndGet();
            rearmUntil(Poller.READ, System.nanoTime()); // due at once: the next scan may take it back
        }

        @Override
        protected void onClose() {
            closes.incrementAndGet();
            if (holdsBuffer) {
                holdsBuffer = false;
                lent.decrementAndGet();
            }
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    @Test
    void everySessionHasOneOwnerAndClosesOnceUnderRacingEventsAndTimeouts() throws Exception {
        ModelKernel kernel = new ModelKernel(LIVE);
        List<Probe> probes = java.util.Collections.synchronizedList(new ArrayList<>());
        int capacity = 2 * LIVE;
        EventLoop loop = kernel.eventLoop(socket -> {
            Probe p = new Probe(socket);
            probes.add(p);
            return p;
        }, capacity);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        // Hang-ups right after a take-back: the race of DESIGN.md rule 12.
        threads.add(new Thread(() -> {
            while (!stop.get()) {
                ModelSocket s = kernel.takenBack.poll();
                if (s != null) {
                    kernel.fire(s, Poller.HANGUP | Poller.READ);
                } else {
                    Thread.onSpinWait();
                }
            }
        }, "test-kernel-reset"));
        // Readiness at random moments, now and then a hang-up; most sessions stay armed until a scan.
        threads.add(kernel.randomReadiness(stop, 16));
        loop.start();
        threads.forEach(Thread::start);
        long until = System.nanoTime() + RUN_NANOS;
        try {
            while (Probe.timeouts.get() < TARGET_TIMEOUTS && Probe.violations.get() == 0
                    && System.nanoTime() - until < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // the racing runs meanwhile
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            kernel.accepting.set(false);
        }
        try {
            // What is still armed times out at the next scan; what is queued runs.
            Await.until("every session to close (" + loop.connections() + " open)",
                    () -> loop.connections() == 0 && kernel.live.get() == 0);
        } finally {
            loop.stop(0);
        }
        assertEquals(0, Probe.violations.get(), "protocol violations, e.g. " + Probe.examples);
        assertTrue(Probe.timeouts.get() >= 1_000, "too few timeouts raced to mean much: " + Probe.timeouts.get());
        for (Probe p : probes) {
            assertEquals(1, p.closes.get(), "closes of one session");
        }
        assertEquals(kernel.accepted.get(), probes.size());
        assertEquals(0, kernel.doubleCloses.get(), "descriptors closed twice");
        assertEquals(0, Probe.lent.get(), "buffers still lent");
        assertEquals(0, loop.table().live(), "slots still counted live");
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < capacity; i++) {
            long token = loop.table().reserve();
            assertTrue(token >= 0, "the free stack lost a slot");
            assertTrue(slots.add((int) token), "the free stack holds slot " + (int) token + " twice");
        }
        assertEquals(-1, loop.table().reserve(), "the free stack holds more slots than the table");
        System.out.println("SessionProtocolStressTest: " + probes.size() + " sessions, " + Probe.timeouts.get()
                + " timeouts raced");
    }
}
