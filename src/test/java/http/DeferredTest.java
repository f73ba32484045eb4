package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The state machine of a deferred response, without a connection: who wins each race. */
class DeferredTest {
    @Test
    void aSecondCompleteThrows() {
        Deferred d = new Response().defer();
        assertTrue(d.complete(r -> r.body("x")));
        assertTrue(d.completed());
        assertThrows(IllegalStateException.class, () -> d.complete(r -> { }));
        assertFalse(d.cancel(), "completed: nothing to cancel");
    }

    @Test
    void aCancelledOneNeverRunsTheFill() {
        Deferred d = new Response().defer();
        assertTrue(d.cancel());
        assertFalse(d.complete(r -> {
            throw new AssertionError("fill ran after the cancel");
        }));
        assertThrows(IllegalStateException.class, () -> d.complete(r -> { }));
    }

    @Test
    void aFillThatThrowsMarksItFailedAndPropagates() {
        Deferred d = new Response().defer();
        assertThrows(IllegalArgumentException.class, () -> d.complete(r -> {
            throw new IllegalArgumentException("bad");
        }));
        assertTrue(d.completed());
        assertTrue(d.failed());
    }

    @Test
    void theResponseIsDeferredOnce() {
        Response response = new Response();
        response.defer();
        assertThrows(IllegalStateException.class, response::defer);
    }

    /**
     * complete() on one thread against cancel() on another, many times: complete returns true exactly when
     * the cancel lost to a finished fill, and a cancel that wins from PENDING means the fill never ran.
     */
    @Test
    void completeRacingCancelHasOneWinner() throws Exception {
        int rounds = 5_000;
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicInteger fills = new AtomicInteger();
        Deferred[] ds = new Deferred[rounds];
        boolean[] completed = new boolean[rounds];
        boolean[] cancelled = new boolean[rounds];
        for (int i = 0; i < rounds; i++) {
            ds[i] = new Response().defer();
        }
        AtomicBoolean failed = new AtomicBoolean();
        Thread completer = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    start.await(10, TimeUnit.SECONDS);
                    AtomicBoolean ran = new AtomicBoolean();
                    int spins = i % 64; // fills of different lengths: cancels land before, during and after
                    completed[i] = ds[i].complete(r -> {
                        for (int k = 0; k < spins; k++) {
                            Thread.onSpinWait();
                        }
                        ran.set(true);
                    });
                    if (ran.get()) {
                        fills.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failed.set(true);
            }
        });
        completer.start();
        int cancelWins = 0;
        for (int i = 0; i < rounds; i++) {
            start.await(10, TimeUnit.SECONDS);
            cancelled[i] = ds[i].cancel();
            if (cancelled[i]) {
                cancelWins++;
            }
        }
        completer.join(30_000);
        assertFalse(failed.get());
        for (int i = 0; i < rounds; i++) {
            assertFalse(completed[i] && cancelled[i], "round " + i + ": both won");
            assertEquals(completed[i], ds[i].completed(), "round " + i + ": complete's answer is the state");
            assertEquals(!completed[i] && !cancelled[i], ds[i].abandoned(), "round " + i + ": abandoned mid-fill");
        }
        assertEquals(rounds - cancelWins, fills.get(), "the fill ran exactly when the cancel did not win");
    }
}
