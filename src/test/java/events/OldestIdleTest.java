package events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import platform.ListenSocket;
import platform.Poller;
import platform.Socket;

/** Which armed sessions T0 may reclaim, and which of them it picks: the ones idle the longest. */
class OldestIdleTest {
    /** A poller that accepts every re-arm and delivers nothing: enough to arm sessions without sockets. */
    private static final class ArmOnlyPoller implements Poller {
        @Override
        public void disarm(Socket socket) {
        }

        @Override public void registerListener(ListenSocket listener) { }
        @Override public void deregisterListener(ListenSocket listener) { }
        @Override public void register(Socket socket, long token, int interest) { }
        @Override public void rearm(Socket socket, long token, int interest) { }
        @Override public void takeBack(Socket socket, long token) { }
        @Override public void deregister(Socket socket) { }
        @Override public int poll(Events events, long timeoutMillis) {
            return 0;
        }
        @Override public void wakeup() { }
        @Override public void close() { }
    }

    /** A session that re-arms, when told, the way HttpConnection does: idle, or with a request in progress. */
    private static final class Probe extends Session {
        Probe() {
            super(null);
        }

        void armIdle(long deadline) {
            handOut(Poller.READ); // T0 hands it to "a worker" (this test), which re-arms it
            rearmIdleUntil(deadline);
        }

        void armBusy(long deadline) {
            handOut(Poller.READ);
            rearmUntil(Poller.READ, deadline);
        }

        @Override
        protected void onReady(int readyOps) {
        }

        @Override
        protected boolean isIdle() {
            return true;
        }
    }

    private final EventLoop loop = new EventLoop(new ArmOnlyPoller(), null, null,
            new WorkerPool(1, 16, IdleStrategy.backoff(0, 0), "unused-"), 16, IdleStrategy.backoff(0, 0), 1);

    private Probe probe(long token) {
        Probe p = new Probe();
        p.attach(loop, token);
        return p;
    }

    @Test
    void onlySessionsArmedIdleCanBeTakenBack() {
        Probe idle = probe(1);
        idle.armIdle(100);
        Probe busy = probe(2);
        busy.armBusy(100);
        Probe owned = probe(3);
        owned.armIdle(100);
        owned.handOut(Poller.READ); // an event gave it to a worker
        Probe fresh = probe(4);
        fresh.armedByT0(100); // a new connection before its first request

        assertTrue(idle.isArmedIdle());
        assertFalse(busy.isArmedIdle());
        assertFalse(owned.isArmedIdle());
        assertFalse(fresh.isArmedIdle());
        assertFalse(busy.takeIfIdle());
        assertFalse(owned.takeIfIdle());
        assertFalse(fresh.takeIfIdle());
        assertTrue(idle.takeIfIdle());
        assertFalse(idle.takeIfIdle(), "taken once");
        assertFalse(idle.takeIfExpired(1_000), "and no timeout can take it again");
    }

    @Test
    void thePickIsTheEarliestDeadlinesInOrderAndTheCountIsEveryIdleOne() {
        Random random = new Random(42);
        List<Probe> idle = new ArrayList<>();
        OldestIdle pick = new OldestIdle(32);
        for (int i = 0; i < 500; i++) {
            Probe p = probe(i);
            long deadline = Long.MAX_VALUE - 1_000_000 + random.nextInt(2_000_000); // across the nanoTime wrap
            if (i % 3 == 0) {
                p.armBusy(deadline);
            } else {
                p.armIdle(deadline);
                idle.add(p);
            }
            pick.accept(p);
        }
        idle.sort(Comparator.comparingLong(p -> p.deadline() - Long.MAX_VALUE)); // wrap-aware order
        assertEquals(idle.size(), pick.seen());
        assertEquals(32, pick.size());
        for (int i = 0; i < 32; i++) {
            assertSame(idle.get(i), pick.get(i), "pick " + i);
        }
        pick.clear();
        assertEquals(0, pick.size());
        assertEquals(0, pick.seen());
    }
}
