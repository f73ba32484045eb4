package events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import support.Await;

class WorkerPoolTest {

    /** A session that only counts its events. */
    private static class CountingSession extends Session {
        final AtomicInteger runs;

        CountingSession(AtomicInteger runs) {
            super(null);
            this.runs = runs;
        }

        @Override
        protected void onReady(int readyOps) {
            runs.incrementAndGet();
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    /**
     * Many short bursts with idle gaps of three kinds: every worker asleep, some asleep, and none yet (the
     * burst lands while they are on their way to sleep: the race a lost wake-up lives in). A lost wake-up
     * leaves a burst in the queue with everybody parked, and the bounded wait for that burst fails. (Checked:
     * with the sleeper's last look at the queue removed, the one-worker case fails within seconds.)
     */
    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 4})
    void noWakeUpIsLostAcrossManyBurstsWithIdleGaps(int workers) {
        // No spinning: workers head for sleep at once, so bursts keep meeting them half-way.
        WorkerPool pool = new WorkerPool(workers, 64, emptyPolls -> false, "test-worker-");
        pool.start();
        try {
            AtomicInteger runs = new AtomicInteger();
            CountingSession[] sessions = new CountingSession[8];
            for (int i = 0; i < sessions.length; i++) {
                sessions[i] = new CountingSession(runs);
            }
            int expected = 0;
            for (int burst = 0; burst < 20_000; burst++) {
                switch (burst % 3) {
                    case 0 -> Await.spinUntil("all workers asleep", () -> pool.sleeping() == workers);
                    case 1 -> Await.spinUntil("a worker asleep", () -> pool.sleeping() >= 1);
                    default -> {
                        // straight on: the workers that ran the last burst are still going to sleep
                    }
                }
                int size = 1 + burst % sessions.length;
                for (int i = 0; i < size; i++) {
                    pool.submit(sessions[i]);
                }
                expected += size;
                int target = expected;
                int number = burst;
                Await.spinUntil("burst " + number + " to run (" + runs.get() + "/" + target + ")",
                        () -> runs.get() == target);
            }
            assertEquals(expected, runs.get());
        } finally {
            pool.stop(5_000);
        }
    }

    @Test
    void aSessionThatThrowsDoesNotStopTheWorker() {
        WorkerPool pool = new WorkerPool(1, 8, IdleStrategy.backoff(8, 1), "test-worker-");
        pool.start();
        try {
            AtomicInteger runs = new AtomicInteger();
            Session failing = new CountingSession(runs) {
                @Override
                protected void onReady(int readyOps) {
                    throw new IllegalStateException("boom");
                }
            };
            for (int i = 0; i < 3; i++) {
                pool.submit(failing);
                pool.submit(new CountingSession(runs));
            }
            Await.spinUntil("the sessions after the failing ones to run", () -> runs.get() == 3);
        } finally {
            pool.stop(5_000);
        }
    }
}
