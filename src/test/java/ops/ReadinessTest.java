package ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Readiness moves STARTING -> READY -> DRAINING and never back. */
class ReadinessTest {
    @Test
    void movesForwardOnly() {
        Readiness r = new Readiness();
        assertEquals(Readiness.State.STARTING, r.state());
        assertFalse(r.isReady());
        assertTrue(r.ready());
        assertTrue(r.isReady());
        assertFalse(r.ready(), "already ready");
        assertTrue(r.drain());
        assertEquals(Readiness.State.DRAINING, r.state());
        assertFalse(r.drain(), "only the first drain changes anything");
        assertFalse(r.ready(), "a draining process never becomes ready again");
        assertEquals(Readiness.State.DRAINING, r.state());
    }

    @Test
    void aDrainWhileStartingIsNeverUndoneByTheStartFinishing() {
        Readiness r = new Readiness();
        assertTrue(r.drain());
        assertFalse(r.ready());
        assertFalse(r.isReady());
    }
}
