package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** A body never holds more array than it reserved, and gives its reservation back exactly once. */
class BodyTest {

    private static void appendInPieces(Body body, int total, int piece) {
        ByteBuffer src = ByteBuffer.allocate(piece);
        for (int done = 0; done < total; done += piece) {
            src.clear();
            body.append(src, Math.min(piece, total - done));
        }
    }

    @Test
    void aContentLengthBodyEndsExactlyAsLongAsItsReservation() {
        BodyBudget budget = new BodyBudget(1_000_000);
        Body body = new Body();
        assertTrue(body.reserve(budget, 100_000, 100_000));
        appendInPieces(body, 100_000, 1000);
        assertEquals(100_000, body.length());
        assertEquals(100_000, body.capacity(), "no doubling past the reservation");
        assertEquals(100_000, budget.held());

        body.giveBack(budget);
        body.giveBack(budget); // a second call (close after the exchange ended) gives nothing more
        assertEquals(0, budget.held());
        assertEquals(0, body.capacity(), "a large array is let go");
    }

    @Test
    void aChunkedBodyGrowsItsReservationAndNeverHoldsMore() {
        BodyBudget budget = new BodyBudget(1_000_000);
        Body body = new Body();
        for (int total = 4096; total <= 300_000; total += 4096) {
            assertTrue(body.reserve(budget, total, 500_000));
            body.append(ByteBuffer.allocate(4096), 4096);
            assertTrue(body.capacity() <= body.reserved(), body.capacity() + " held, " + body.reserved() + " reserved");
            assertEquals(body.reserved(), budget.held());
        }
        body.giveBack(budget);
        assertEquals(0, budget.held());
    }

    @Test
    void aBodyThatDoesNotFitTakesNothing() {
        BodyBudget budget = new BodyBudget(50_000);
        Body first = new Body();
        assertTrue(first.reserve(budget, 40_000, 40_000));
        Body second = new Body();
        assertFalse(second.reserve(budget, 20_000, 20_000));
        assertEquals(40_000, budget.held());
        assertTrue(second.reserve(budget, 10_000, 10_000), "what is left can still be had");
        first.giveBack(budget);
        second.giveBack(budget);
        assertEquals(0, budget.held());
    }
}
