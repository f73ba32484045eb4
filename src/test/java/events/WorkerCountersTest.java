package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import support.Await;

/**
 * Races the real striped counters: the pool's workers (single writers of their stripes) and outside threads
 * (the shared stripe, atomic adds) add at once while a reader sums. Each sum must never go backwards and
 * must be exact once the writers are done. (Checked: with the shared stripe written by a plain
 * read-then-store instead of an atomic add, the final total comes up short within a run.)
 */
class WorkerCountersTest {
    private static final int ADDS_PER_EVENT = 1_000;

    /** A session whose every event adds to counter 0 (by 1) and counter 1 (by 3). */
    private static final class AddingSession extends Session {
        private final WorkerCounters counters;
        private final AtomicInteger events;

        AddingSession(WorkerCounters counters, AtomicInteger events) {
            super(null);
            this.counters = counters;
            this.events = events;
        }

        @Override
        protected void onReady(int readyOps) {
            for (int i = 0; i < ADDS_PER_EVENT; i++) {
                counters.increment(0);
                counters.add(1, 3);
            }
            events.incrementAndGet();
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    @Test
    void workersAndOtherThreadsAddAtOnceAndTheSumsAreExact() throws Exception {
        WorkerPool pool = new WorkerPool(2, 64, IdleStrategy.backoff(64, 4), "counters-worker-");
        WorkerCounters counters = new WorkerCounters(pool, 2);
        pool.start();
        AtomicInteger events = new AtomicInteger();
        int eventCount = 2_000;
        int outsiders = 3;
        int outsiderAdds = 200_000;
        AtomicLong backwards = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[outsiders];
        try {
            for (int t = 0; t < outsiders; t++) {
                threads[t] = Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < outsiderAdds; i++) {
                        counters.increment(0);
                        counters.add(1, 3);
                    }
                });
            }
            Thread reader = Thread.ofPlatform().start(() -> {
                long last = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    long now = counters.sum(0);
                    if (now < last) {
                        backwards.incrementAndGet();
                    }
                    last = now;
                }
            });
            go.countDown();
            AddingSession[] sessions = {new AddingSession(counters, events), new AddingSession(counters, events)};
            for (int i = 0; i < eventCount; i++) {
                pool.submit(sessions[i % 2]); // two at a time, one per worker, each waited for before again
                int done = i + 1;
                if (i % 2 == 1) {
                    Await.spinUntil("events up to " + done, () -> events.get() == done);
                }
            }
            for (Thread t : threads) {
                t.join(30_000);
                assertTrue(!t.isAlive(), "an outside thread did not finish");
            }
            reader.interrupt();
            reader.join(5_000);
            long expected = (long) eventCount * ADDS_PER_EVENT + (long) outsiders * outsiderAdds;
            assertEquals(expected, counters.sum(0));
            assertEquals(3 * expected, counters.sum(1));
            assertEquals(0, backwards.get(), "a sum went backwards");
        } finally {
            pool.stop(5_000);
        }
    }

    @Test
    void aThreadOfAnotherPoolIsNotMistakenForOneOfOurs() {
        WorkerPool ours = new WorkerPool(1, 8, IdleStrategy.backoff(8, 1), "ours-");
        WorkerPool theirs = new WorkerPool(1, 8, IdleStrategy.backoff(8, 1), "theirs-");
        WorkerCounters counters = new WorkerCounters(ours, 1);
        AtomicInteger events = new AtomicInteger();
        theirs.start();
        try {
            AtomicInteger seenIndex = new AtomicInteger(99);
            theirs.submit(new Session(null) {
                @Override
                protected void onReady(int readyOps) {
                    seenIndex.set(ours.currentIndex());
                    counters.increment(0);
                    events.incrementAndGet();
                }

                @Override
                protected boolean isIdle() {
                    return true;
                }
            });
            Await.spinUntil("the event", () -> events.get() == 1);
            assertEquals(-1, seenIndex.get());
            assertEquals(1, counters.sum(0));
        } finally {
            theirs.stop(5_000);
        }
    }
}
