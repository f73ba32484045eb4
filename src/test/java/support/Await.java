package support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** A bounded wait for a condition that another thread makes true: polls, never sleeps a fixed time. */
public final class Await {
    private static final long TIMEOUT_MILLIS = 10_000;

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        wait(what, condition, false);
    }

    /** The same, busy-waiting: reacts within nanoseconds, for tests that race the code under test. */
    public static void spinUntil(String what, BooleanSupplier condition) {
        wait(what, condition, true);
    }

    /**
     * Waits (bounded) until {@code counter} stops moving: the same value on two looks 300 ms apart. For a
     * producer held back by a slow reader, where there is no event to wait for.
     */
    public static void stalled(String what, LongSupplier counter) {
        long[] last = {-1};
        until(what, () -> {
            long now = counter.getAsLong();
            boolean stalled = now == last[0];
            last[0] = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            return stalled;
        });
    }

    private static void wait(String what, BooleanSupplier condition, boolean spin) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_MILLIS + " ms waiting for " + what);
            }
            if (spin) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
