package platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.select.Backend;
import support.Backends;

/**
 * {@link Poller#wakeup} is never lost, however it interleaves with a poll consuming the previous one. One
 * thread wakes the poller without pause while the polling thread polls with a long timeout: each poll must
 * return at once. A wake-up swallowed while its pending flag stays set makes every later one a no-op, and
 * from then on each poll runs to its full timeout. Bounded: about 1.5 s of racing.
 */
class PollerWakeupTest {
    private static final long POLL_TIMEOUT_MILLIS = 2_000;
    /** Events nobody listens to: only the wake-ups matter here. */
    private static final Poller.Events NONE = new Poller.Events() {
        @Override
        public void acceptable() {
        }

        @Override
        public void ready(long token, int readyOps) {
        }
    };

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aWakeUpDuringAPollIsNeverSwallowed(IoMode io) throws Exception {
        try (Poller poller = Backend.open(io).openPoller()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong polls = new AtomicLong();
            Thread waker = new Thread(() -> {
                while (!stop.get()) {
                    poller.wakeup();
                }
            }, "test-waker");
            waker.start();
            long slowest = 0;
            try {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
                while (System.nanoTime() - until < 0) {
                    long start = System.nanoTime();
                    poller.poll(NONE, POLL_TIMEOUT_MILLIS);
                    slowest = Math.max(slowest, System.nanoTime() - start);
                    polls.incrementAndGet();
                    if (slowest > TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MILLIS / 2)) {
                        break; // a wake-up was lost: no need to wait out more full timeouts
                    }
                }
            } finally {
                stop.set(true);
                poller.wakeup();
                waker.join(10_000);
            }
            assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MILLIS / 2), "a poll waited "
                    + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms although woken all along (after "
                    + polls.get() + " polls)");
        }
    }

    /**
     * A wake-up made after a poll returned (work handed to the polling thread once it has looked) wakes the
     * next poll, however the one before it was coalesced: the pending flag must be cleared by each poll. (The
     * race fixed in nio, a wake-up made while the selector was blocked leaving the flag set past the poll,
     * needs the wake-up inside the blocked select, which a test cannot place without a sleep; this checks the
     * sequence around it.)
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aWakeUpAfterAPollReturnedWakesTheNextOne(IoMode io) throws Exception {
        try (Poller poller = Backend.open(io).openPoller()) {
            for (int round = 0; round < 20; round++) {
                poller.wakeup();                          // during the "previous" poll, as a re-arm would
                poller.poll(NONE, POLL_TIMEOUT_MILLIS);   // returns at once
                poller.wakeup();                          // after it returned, as a completion would
                long start = System.nanoTime();
                poller.poll(NONE, POLL_TIMEOUT_MILLIS);
                long waited = System.nanoTime() - start;
                assertTrue(waited < TimeUnit.MILLISECONDS.toNanos(POLL_TIMEOUT_MILLIS / 2), "round " + round
                        + ": the poll waited " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms although woken");
            }
        }
    }
}
