package events;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import platform.ListenSocket;
import platform.Poller;
import platform.Socket;

/**
 * Thread T0: accepts connections, records each one before arming it (DESIGN.md rule 2), waits for
 * readiness and hands every event to the {@link WorkerPool}. It never does a connection's work itself.
 */
public final class EventLoop implements Poller.Events {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int ACCEPTS_PER_EVENT = 256;
    /** How long T0 stops accepting after accept failed (e.g. out of descriptors), instead of retrying hot. */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often T0 looks for sessions past their deadline. */
    private static final long TIMEOUT_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How often T0 looks for a free slot while at the connection limit. */
    private static final long FULL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Builds the session for a freshly accepted socket (called on T0; keep it cheap). */
    @FunctionalInterface
    public interface SessionFactory {
        Session open(Socket socket);
    }

    private final Poller poller;
    private final ListenSocket listener;
    private final SessionFactory factory;
    private final WorkerPool workers;
    private final ConnectionTable table;
    private final Thread thread;
    private final IdleStrategy pollIdle;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean draining; // responses ask their clients to close: set by drain() and by stop()
    private volatile boolean running = true;
    private volatile boolean stopped; // T0 has ended: nothing is handed out any more
    private boolean listening;
    private volatile boolean listenerClosed; // T0 closed the listener: nothing waits in its queue any more
    private boolean listenerForgotten; // stopping: the listener is no longer watched, and a poll has passed since
    private long lastAcceptErrorLog;
    private long acceptResumeAt; // System.nanoTime() at which accepting resumes; 0 while not paused
    private long nextTimeoutScan = System.nanoTime() + TIMEOUT_SCAN_NANOS;
    private final long firstRequestTimeoutNanos;
    private final Consumer<Session> expire = this::expireIfDue;
    private long scanTime;
    private long lastFullLog;
    private final IdleReclaimer reclaimer;
    private final WakeUps wakeUps;
    private long nextReclaimAt = System.nanoTime();
    private boolean pausedAtLimit; // a client was seen waiting at the limit and none has been accepted since
    private boolean reclaimWanted; // a client was seen waiting at the limit in the batch being handled
    // Written by T0 only (opaque stores), read by anyone: connections accepted, accept calls that failed.
    private long accepted;
    private long acceptErrors;
    private static final VarHandle ACCEPTED;
    private static final VarHandle ACCEPT_ERRORS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ACCEPTED = lookup.findVarHandle(EventLoop.class, "accepted", long.class);
            ACCEPT_ERRORS = lookup.findVarHandle(EventLoop.class, "acceptErrors", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param pollIdle how T0 waits after a poll that found nothing: while it answers true T0 polls again
     *                 without blocking, so events gather into batches; then it blocks
     * @param firstRequestTimeoutNanos how long a new connection may stay silent before it is timed out
     */
    public EventLoop(Poller poller, ListenSocket listener, SessionFactory factory, WorkerPool workers,
                     int maxConnections, IdleStrategy pollIdle, long firstRequestTimeoutNanos) {
        this.pollIdle = pollIdle;
        this.firstRequestTimeoutNanos = firstRequestTimeoutNanos;
        this.poller = poller;
        this.listener = listener;
        this.factory = factory;
        this.workers = workers;
        this.table = new ConnectionTable(maxConnections);
        this.reclaimer = new IdleReclaimer(table, session -> takeBack(session, Session.RECLAIM));
        this.wakeUps = new WakeUps(poller, table, workers, this::isStopped);
        this.thread = new Thread(this::run, "skep-t0");
        this.thread.setDaemon(true);
    }

    public void start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        poller.registerListener(listener);
        listening = true;
        workers.start();
        thread.start();
    }

    Poller poller() {
        return poller;
    }

    ConnectionTable table() {
        return table;
    }

    /** True from the moment {@link #stop} is called: no new connections, keep-alive ones are told to close. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * From now on every response asks its client to close the connection ({@code Connection: close}), while
     * new connections are still accepted and served: before a stop, so that the clients (a load balancer's
     * pooled connections) close them after a response rather than meet them closed when the server stops.
     */
    public void drain() {
        draining = true;
    }

    /** True from {@link #drain} or {@link #stop} on. */
    public boolean isDraining() {
        return draining;
    }

    /** T0 has ended for good (shutdown): no event will be handed out again. */
    boolean isStopped() {
        return stopped;
    }

    /** Connections open right now. */
    public int connections() {
        return table.live();
    }

    /** Connections accepted since the start. */
    public long accepted() {
        return (long) ACCEPTED.getOpaque(this);
    }

    /** Accept calls that failed (out of descriptors, out of memory...) since the start. */
    public long acceptErrors() {
        return (long) ACCEPT_ERRORS.getOpaque(this);
    }

    /** The workers this loop hands events to. */
    public WorkerPool workers() {
        return workers;
    }

    private void run() {
        int emptyPolls = 0;
        while (running) {
            try {
                // While there was recent work, look without blocking and let the workers run in between:
                // events pile up meanwhile and come back in batches, instead of a sleep and a wake-up each.
                boolean block = !pollIdle.idle(emptyPolls + 1);
                int n = poller.poll(this, block ? blockingTimeoutMillis() : 0);
                emptyPolls = n > 0 ? 0 : emptyPolls + 1;
                wakeUps.handOut();
                reclaimIfWanted(); // after the batch: none of its events may name a session taken back
                resumeAcceptingWhenDue();
                expireTimedOutSessions();
                if (stopping && listening) {
                    acceptBacklogThenStopListening();
                }
            } catch (IOException | RuntimeException e) {
                log.error("Polling failed; retrying", e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /**
     * Stopping: the clients already waiting in the accept queue are accepted (their answer says {@code
     * Connection: close}) before the listener closes, because Linux resets the connections queued on a closed
     * listener (with SO_REUSEPORT they move to another listener of the port only if
     * {@code net.ipv4.tcp_migrate_req=1}). At the limit, T0 looks again each round while requests finish, and
     * reclaims idle keep-alive connections (at most one walk per pause) to have a slot to accept with; an accept
     * that fails is tried again next round (the shutdown timeout bounds it).
     * Clients that complete their handshake between the last accept and the close are still reset: that
     * window is microseconds, and only the sysctl (or a load balancer in front) closes it. The first round only
     * stops watching the listener: the poll before the next one lets the poller forget it, so that the close is
     * immediate (java.nio closes a channel still registered with a selector only at the selector's next select,
     * and clients queued in that while would be reset).
     */
    private void acceptBacklogThenStopListening() {
        long now = System.nanoTime();
        if (acceptResumeAt == 0) {
            poller.deregisterListener(listener); // not watched while stopping: T0 looks each round instead
        }
        acceptResumeAt = now + FULL_PAUSE_NANOS; // also bounds T0's poll, so that the next look comes soon
        if (!listenerForgotten) {
            listenerForgotten = true;
            return;
        }
        for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
            if (table.live() >= table.capacity()) {
                // Whether a client waits is known only by accepting, which needs a slot: idle keep-alive
                // connections would be closed at the end anyway, so some go now (one walk per pause at most).
                reclaimWhileStopping(now);
                return;
            }
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                // e.g. out of descriptors: the listener stays open (closing it would reset the queued
                // clients) and T0 tries again next round; the shutdown timeout bounds it.
                ACCEPT_ERRORS.setOpaque(this, acceptErrors + 1);
                if (now - lastAcceptErrorLog > TimeUnit.SECONDS.toNanos(1)) {
                    lastAcceptErrorLog = now;
                    log.warn("accept failed while stopping ({}); trying again", e.getMessage());
                }
                // Out of descriptors, say: idle connections free some (they would close at the end anyway);
                // with none left to close and nothing in flight, nothing will: stop listening, not wait the grace.
                if (reclaimWhileStopping(now) == 0 && table.all(Session::isIdleAndArmed)) {
                    stopListening();
                }
                return;
            }
            if (socket == null) {
                stopListening();
                return;
            }
            pausedAtLimit = false;
            ACCEPTED.setOpaque(this, accepted + 1);
            open(socket);
        }
    }

    /** Stopping: reclaims idle sessions, at most one walk per pause; -1 when no walk is due yet. */
    private int reclaimWhileStopping(long now) {
        return now - nextReclaimAt < 0 ? -1 : reclaimIdleSessions(now);
    }

    private void stopListening() {
        if (acceptResumeAt == 0) {
            poller.deregisterListener(listener);
        }
        listening = false;
        acceptResumeAt = 0;
        listener.close();
        listenerClosed = true;
    }

    /** Until the next timeout scan, or sooner if accepting is paused and resumes first. */
    private long blockingTimeoutMillis() {
        long wakeAt = acceptResumeAt == 0 ? nextTimeoutScan : Math.min(nextTimeoutScan, acceptResumeAt);
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wakeAt - System.nanoTime()));
    }

    /**
     * A few times a second: every armed session past its deadline is taken back (see {@link Session}),
     * disarmed, and handed to a worker with {@link Session#TIMEOUT}. The walk goes over the open sessions
     * only (not the table's capacity): a few microseconds per thousand connections and no timer objects.
     */
    private void expireTimedOutSessions() {
        long now = System.nanoTime();
        if (now - nextTimeoutScan < 0) {
            return;
        }
        nextTimeoutScan = now + TIMEOUT_SCAN_NANOS;
        scanTime = now;
        table.forEachOpen(expire);
        if (!stopping && pausedAtLimit && acceptResumeAt != 0 && table.live() >= table.capacity()) {
            reclaimIdleSessions(now); // sessions may have gone idle since the client was seen waiting
        }
    }

    private void expireIfDue(Session session) {
        if (session.takeIfExpired(scanTime)) {
            takeBack(session, Session.TIMEOUT);
        }
    }

    /** T0: a session it took back from "armed" (timed out or reclaimed) goes to a worker with {@code why}. */
    private void takeBack(Session session, int why) {
        try {
            poller.takeBack(session.socket, session.token()); // silent for good: it will only be closed
        } catch (IOException e) {
            // already gone in the kernel: the worker's close will finish it
        }
        session.handOut(why);
        session.dispatchTo(workers);
    }

    /**
     * Accept failed for a reason other than "nothing pending" (EMFILE, ENFILE, ENOBUFS...). The listener
     * stays readable, so retrying at once would spin; stop watching it for a while instead. Connections
     * wait in the backlog meanwhile.
     */
    private void pauseAccepting(IOException cause) {
        ACCEPT_ERRORS.setOpaque(this, acceptErrors + 1);
        long now = System.nanoTime();
        if (now - lastAcceptErrorLog > TimeUnit.SECONDS.toNanos(1)) {
            lastAcceptErrorLog = now;
            log.warn("accept failed ({}); pausing accepts for {} ms ({} connections open)", cause.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(ACCEPT_PAUSE_NANOS), table.live());
        }
        poller.deregisterListener(listener);
        acceptResumeAt = now + ACCEPT_PAUSE_NANOS;
    }

    /**
     * A client is waiting and the table is full: new connections wait in the backlog until a connection
     * closes, and idle keep-alive connections are reclaimed to make that soon ({@link #reclaimIfWanted},
     * once the poll's batch is done).
     */
    private void pauseAtLimit() {
        pausedAtLimit = true;
        reclaimWanted = true;
        poller.deregisterListener(listener);
        acceptResumeAt = System.nanoTime() + FULL_PAUSE_NANOS;
    }

    /**
     * After a batch in which a client was found waiting at the limit: reclaims idle sessions (a walk at most
     * every {@link #FULL_PAUSE_NANOS} after a batch, every {@link #TIMEOUT_SCAN_NANOS} when none was idle,
     * so a full server does not walk per accept; the timeout scan tries again while the client waits). Never
     * inside the batch: an event later in it may name an idle session, and taking that session back first
     * would hand it to two workers.
     */
    private void reclaimIfWanted() {
        if (!reclaimWanted) {
            return;
        }
        reclaimWanted = false;
        if (table.live() < table.capacity()) {
            return; // slots came free during the batch
        }
        long now = System.nanoTime();
        int reclaimed = !stopping && now - nextReclaimAt >= 0 ? reclaimIdleSessions(now) : 0;
        if (reclaimed == 0 && now - lastFullLog > TimeUnit.SECONDS.toNanos(1)) {
            lastFullLog = now;
            log.warn("connection limit of {} reached; new connections wait until one closes", table.capacity());
        }
    }

    private void resumeAcceptingWhenDue() {
        long now = System.nanoTime();
        if (acceptResumeAt == 0 || now - acceptResumeAt < 0 || !listening || stopping) {
            return;
        }
        if (table.live() >= table.capacity()) {
            acceptResumeAt = now + FULL_PAUSE_NANOS; // still full: look again soon, without spinning
            return;
        }
        try {
            poller.registerListener(listener);
        } catch (IOException | RuntimeException e) { // nio: CancelledKeyException if not yet deregistered
            // Still paused (acceptResumeAt != 0 means "listener not watched"): try again after a pause.
            log.warn("could not watch the listener again ({}); retrying in {} ms", e.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(ACCEPT_PAUSE_NANOS));
            acceptResumeAt = now + ACCEPT_PAUSE_NANOS;
            return;
        }
        acceptResumeAt = 0; // only now: stopListening deregisters the listener exactly when this is 0
    }

    /**
     * At the limit with a client waiting (or stopping, see {@link #reclaimWhileStopping}): reclaims idle sessions
     * and sets when the next walk may come.
     */
    private int reclaimIdleSessions(long now) {
        int reclaimed = reclaimer.reclaim(now);
        nextReclaimAt = now + (reclaimed > 0 ? FULL_PAUSE_NANOS : TIMEOUT_SCAN_NANOS);
        return reclaimed;
    }

    @Override
    public void acceptable() {
        for (int i = 0; i < ACCEPTS_PER_EVENT && listening && !stopping && acceptResumeAt == 0; i++) {
            if (table.live() >= table.capacity()) {
                if (i > 0) {
                    // Just filled up: whether anyone else is waiting is not known yet. The listener stays
                    // watched: if a client is pending, the next poll calls back at once, with i == 0.
                    return;
                }
                pauseAtLimit(); // the listener is ready while the table is full: a client is waiting
                return;
            }
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                pauseAccepting(e);
                return;
            }
            if (socket == null) {
                return;
            }
            pausedAtLimit = false;
            ACCEPTED.setOpaque(this, accepted + 1);
            open(socket);
        }
    }

    private void open(Socket socket) {
        long token = table.reserve();
        if (token < 0) {
            socket.close(); // cannot happen: only T0 takes slots, and it looked for a free one before accepting
            return;
        }
        Session session;
        try {
            session = factory.open(socket);
        } catch (RuntimeException e) {
            log.error("Could not set up a connection", e);
            socket.close();
            table.releaseReserved(token);
            return;
        }
        session.attach(this, token);
        session.armedByT0(System.nanoTime() + firstRequestTimeoutNanos);
        table.publish(session); // record before arming: the first event may fire at once
        try {
            poller.register(socket, token, Poller.READ);
        } catch (IOException e) {
            session.close();
        }
    }

    @Override
    public void ready(long token, int readyOps) {
        Session session = table.find(token);
        if (session == null) {
            return; // stale: the connection closed and perhaps its slot was reused
        }
        if (session.isParked() && !session.takeIfParked() && !session.missedThenTake()) {
            // Its owner has not marked it armed yet: recorded, and the owner asks for it once it has.
            return;
        }
        session.handOut(readyOps);
        session.dispatchTo(workers);
    }

    /** Any thread: asks T0 to hand a parked session out with {@link Session#WAKE} (see {@link Session#wake}). */
    void requestWake(Session session) {
        wakeUps.request(session);
    }

    /**
     * Graceful stop: stop accepting (after taking in the clients already in the accept queue), let requests in
     * flight finish for up to {@code graceMillis}, then stop the threads and close every remaining connection
     * that no thread owns any more. Under a steady stream of new clients the queue may not empty before
     * {@code graceMillis}: then those still in it are reset when the listener closes.
     */
    public void stop(long graceMillis) {
        draining = true;
        stopping = true;
        poller.wakeup();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        // The clients waiting in the accept queue are served too (acceptBacklogThenStopListening).
        while (System.nanoTime() < deadline && (!listenerClosed || !table.all(Session::isIdleAndArmed))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        running = false;
        poller.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean workersStopped = workers.stop(TimeUnit.SECONDS.toMillis(5));
        if (thread.isAlive()) {
            // Cannot happen (T0 never blocks on a connection); if it does, its sessions stay its own.
            log.error("T0 did not stop; leaving its connections open");
            return;
        }
        stopped = true; // before the walk below: a late re-arm either is seen by it or sees this (Session.rearm)
        if (listening) {
            stopListening();
        }
        // DESIGN.md rule 1 holds to the end: close only what no thread owns. Queued sessions (no worker takes
        // any more) and armed ones (T0 hands none out any more); a worker still in a handler closes or
        // re-arms its own session when it returns, and a re-arm on the closed poller fails and closes it.
        workers.drain(Session::close);
        table.forEach(session -> {
            if (session.takeIfArmed()) {
                session.close();
            }
        });
        if (!workersStopped) {
            // The poller stays open until they are done: a busy worker's late re-arm must not reach another
            // descriptor that reused the poller's number; it sees 'stopped' and closes its session itself.
            log.warn("workers still busy after the shutdown timeout; their connections close when they finish");
            Thread closer = new Thread(() -> {
                workers.awaitStopped();
                poller.close();
            }, "skep-stop");
            closer.setDaemon(true);
            closer.start();
            return;
        }
        poller.close();
    }
}
