package events;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import platform.Poller;

/**
 * Wake-ups asked for parked sessions ({@link Session#wake}) from any thread, carried out by T0 after each
 * poll: only T0 hands a parked session out, after the state's one CAS (DESIGN.md rule 14). At most a couple of
 * requests per park are ever queued (the completer's and its owner's look after parking).
 */
final class WakeUps {
    private final Queue<Session> requests = new ConcurrentLinkedQueue<>();
    private final Poller poller;
    private final ConnectionTable table;
    private final WorkerPool workers;
    private final BooleanSupplier t0Stopped;

    WakeUps(Poller poller, ConnectionTable table, WorkerPool workers, BooleanSupplier t0Stopped) {
        this.poller = poller;
        this.table = table;
        this.workers = workers;
        this.t0Stopped = t0Stopped;
    }

    /** Any thread: queues the request and wakes T0. */
    void request(Session session) {
        requests.offer(session);
        if (t0Stopped.getAsBoolean()) {
            // T0 has ended: nobody else will take it. (stop() closes what is parked after setting 'stopped'.)
            for (Session s = requests.poll(); s != null; s = requests.poll()) {
                if (s.takeIfArmed()) {
                    s.close();
                }
            }
            return;
        }
        poller.wakeup();
    }

    /** T0, after a poll: hands out every session asked for that is still parked. */
    void handOut() {
        for (Session s = requests.poll(); s != null; s = requests.poll()) {
            if (!s.takeIfParked()) {
                continue; // not parked any more (or not yet: its owner looks for the completion after parking)
            }
            if (s.watched()) {
                s.renewToken(table.renew(s.token())); // the read interest armed with the old token is stale now
                poller.disarm(s.socket);
            }
            s.handOut(Session.WAKE);
            s.dispatchTo(workers);
        }
    }
}
