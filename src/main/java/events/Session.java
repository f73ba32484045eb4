package events;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import platform.Poller;
import platform.Socket;

/**
 * One connection as the event loop sees it: a socket, the token its events carry, and the work to do when
 * it is ready. Created by T0 on accept, run by one worker at a time (see DESIGN.md, "Ownership").
 *
 * <p>Subclasses implement {@link #onReady}; before it returns they either re-arm ({@link #rearmUntil} or
 * {@link #rearm}: their last act on the session, since another worker may own it the moment the call
 * returns) or {@link #close}.
 *
 * <p>Timeouts: a re-arm carries a deadline. T0 may take back a session that is armed and past its
 * deadline: it takes it from the poller for good ({@link Poller#takeBack}) and hands it to a worker with
 * {@link #TIMEOUT}, which closes it. Who owns an armed session is settled by
 * {@code state}: an epoch (bumped each time T0 hands the session out) and an armed bit, set by the owner
 * after its re-arm only if the epoch is still its own. T0 takes a session back only from "armed in the
 * current epoch", so a late mark by an earlier owner can never make a session look armed while a worker has
 * it.
 *
 * <p>Reclaiming: a session armed by {@link #rearmIdleUntil} (nothing in progress) may also be taken back
 * before its deadline, the same way, when the server is at its connection limit; it gets {@link #RECLAIM}.
 *
 * <p>Above the workers (DESIGN.md rule 14): a session waiting for the application is parked
 * ({@link #parkUntil}): marked armed, perhaps watched for the client by read interest; T0 takes it back for a
 * {@link #wake} asked from any thread, the client's event or the deadline, again through the one CAS. A woken
 * session that was watched gets a new token, so that the read interest still armed with the old one can
 * never hand it out again (DESIGN.md rule 4). A session owned by a thread of its own (a blocking handler) waits
 * for its events with {@link #awaitEvent}: they are handed to that thread instead of the workers' queue.
 */
public abstract class Session {
    /**
     * Readiness bit given to {@link #onReady} when the session's deadline passed. The poller has been told to
     * forget the session ({@link Poller#takeBack}): it must close, it cannot re-arm.
     */
    public static final int TIMEOUT = 8;
    /**
     * Readiness bit given to {@link #onReady} when T0 took back a session armed by {@link #rearmIdleUntil}
     * to make room for a new connection at the connection limit: the session should close quietly.
     */
    public static final int RECLAIM = 16;
    /**
     * Readiness bit given to {@link #onReady} when the application woke a parked session ({@link #wake}):
     * a deferred response was completed, or there is more to send.
     */
    public static final int WAKE = 32;

    private static final VarHandle STATE;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Session.class, "state", int.class);
            CLOSED = lookup.findVarHandle(Session.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final Socket socket;
    private long token;
    private EventLoop loop;
    /** Readiness of the event in flight; written by T0 before the session is queued. */
    int readyOps;
    @SuppressWarnings("unused") // accessed through CLOSED
    private volatile boolean closed;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;   // epoch << 1 | armed
    private int epoch;            // the current owner's epoch; written by T0 before it hands the session out
    // System.nanoTime() after which T0 may time the session out; 0: never. Plain: it is written before the
    // CAS that marks the session armed, and T0 reads it only after it has seen that mark.
    private long deadline;
    // Armed idle: nothing in progress, nothing to send, so T0 may close it to make room. Plain, like deadline.
    private boolean reclaimable;
    // Armed by parkUntil: held for the application; only T0 hands it out, for a wake-up, the client or the
    // deadline, after winning the state's CAS. Volatile: T0 reads it for every poller event.
    private volatile boolean parked;
    private boolean watched; // parked with read interest armed, to notice the client; plain, like deadline
    private volatile boolean missed; // T0: the client's event came before the park was marked
    // A thread of its own that owns the session between events (a blocking handler on a virtual thread):
    // events go to it instead of the workers' queue. Set by that thread before it arms.
    private volatile Thread waiter;
    private volatile boolean delivered; // an event was handed to the waiter

    protected Session(Socket socket) {
        this.socket = socket;
    }

    /** Called on a worker thread with the readiness bits ({@link Poller#READ}, WRITE, HANGUP, {@link #TIMEOUT}). */
    protected abstract void onReady(int readyOps);

    /** Called once when the session closes, on the thread that closes it; release buffers here. */
    protected void onClose() {
    }

    /**
     * Asks for one more event: {@link Poller#READ}, {@link Poller#WRITE} or both; if none comes by
     * {@code deadlineNanos} ({@link System#nanoTime()} time), the session gets {@link #TIMEOUT} instead.
     */
    protected final void rearmUntil(int interest, long deadlineNanos) {
        deadline = deadlineNanos;
        rearm(interest);
    }

    /** Asks for one more event, keeping the current deadline (the connection made no progress). */
    protected final void rearm(int interest) {
        reclaimable = false;
        parked = false;
        arm(interest);
    }

    /**
     * Asks for the next request on an idle connection: like {@code rearmUntil(READ, deadlineNanos)}, and
     * while armed so the session may be reclaimed (closed quietly with {@link #RECLAIM}) when the server is
     * at its connection limit. Only for a session with no request in progress and no output pending.
     */
    protected final void rearmIdleUntil(long deadlineNanos) {
        deadline = deadlineNanos;
        reclaimable = true;
        parked = false;
        arm(Poller.READ);
    }

    /**
     * Holds the session for the application (a deferred response): marked armed, so that exactly one of a
     * {@link #wake} (asked from any thread, done by T0), the deadline ({@link #TIMEOUT}, as for a re-arm) or,
     * when {@code watch}, an event from the client (read interest is armed: data, its FIN or a reset) takes it
     * back; T0 hands it out after winning the state's CAS. Like a re-arm, the owner's last act on the session
     * (DESIGN.md rule 14). Do not watch a connection whose input buffer is full: its event would fire again.
     */
    protected final void parkUntil(long deadlineNanos, boolean watch) {
        deadline = deadlineNanos;
        reclaimable = false;
        parked = true; // before the poller is armed: T0 must see it with the first event
        watched = watch;
        if (watch) {
            try {
                loop.poller().rearm(socket, token, Poller.READ);
            } catch (IOException e) {
                close(); // the socket died under us
                return;
            }
        }
        int mine = epoch << 1;
        if (!STATE.compareAndSet(this, mine, mine | 1)) {
            return;
        }
        if (loop.isStopped() && takeIfArmed()) {
            close(); // parked after shutdown's last walk: nobody else will
        } else if (watch && missed) {
            // The client's event fired before the CAS above, found the session not marked and was dropped (its
            // one-shot is spent): have T0 take the session now, as the event would have. Only T0 clears the
            // record (at the hand-out): after the CAS the session may be another owner's.
            loop.requestWake(this);
        }
    }

    /**
     * T0: a client's event found this parked session not marked armed yet (its owner is between arming the
     * poller and its CAS). Records it, then tries once more: either this second try takes the session, or the
     * owner's CAS came after it and the owner sees the record (both fields are volatile).
     */
    final boolean missedThenTake() {
        missed = true;
        return takeIfParked(); // if taken here, the owner may still see the record: a spare wake-up does nothing
    }

    /**
     * From any thread: asks T0 to hand a session held by {@link #parkUntil} to a worker, with {@link #WAKE}.
     * Nothing happens when the session is not parked by then (not yet parked, already woken, timed out,
     * closed): a completion that comes before the park is found by the owner after it parked. The session's
     * state written before this call is visible to the worker.
     */
    protected final void wake() {
        if (parked) { // else not parked yet (its owner looks for the completion after parking) or woken already
            loop.requestWake(this);
        }
    }

    /** T0: takes the session back if it is parked and armed (the one CAS every hand-out of it goes through). */
    final boolean takeIfParked() {
        int current = (int) STATE.getVolatile(this); // volatile: ordered after missedThenTake's store
        return (current & 1) != 0 && parked && STATE.compareAndSet(this, current, current & ~1);
    }

    /** T0: whether the session is parked (or was, and its new owner has not armed it since). */
    final boolean isParked() {
        return parked;
    }

    /** T0, after {@link #takeIfParked}: whether read interest may still be armed for it. */
    final boolean watched() {
        return watched;
    }

    /** T0: a new token for the session (same slot), so that an event armed with the old one is stale. */
    final void renewToken(long newToken) {
        token = newToken;
    }

    /**
     * For a session owned by a thread of its own (a blocking handler on a virtual thread): arms
     * {@code interest} until {@code deadlineNanos} and parks the calling thread until the event hands the
     * session back to it (not to a worker). Returns the readiness bits; {@link #TIMEOUT} when the deadline
     * passed and 0 when the session was closed meanwhile (server shutdown, a failed re-arm): then it must
     * not be touched again. Must not be called by a worker.
     */
    protected final int awaitEvent(int interest, long deadlineNanos) {
        // park() returns at once while the interrupt flag is set: keep it aside so the wait does not spin,
        // and give it back to the caller afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            delivered = false;
            waiter = Thread.currentThread(); // before arming: the event may come at once
            rearmUntil(interest, deadlineNanos);
            while (!delivered) {
                if (isClosed()) {
                    waiter = null;
                    return 0;
                }
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // one that came during the wait, too
            }
            waiter = null; // ours again: the next re-arm by anyone goes to the workers unless set again
            return readyOps;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * T0: the session was just handed out ({@link #handOut}); it goes to its waiting thread if it has one,
     * otherwise onto the workers' queue.
     */
    final void dispatchTo(WorkerPool workers) {
        Thread w = waiter;
        if (w != null) {
            delivered = true;
            LockSupport.unpark(w);
        } else {
            workers.submit(this);
        }
    }

    /** True once {@link #close} has run. */
    protected final boolean isClosed() {
        return (boolean) CLOSED.getVolatile(this);
    }

    private void arm(int interest) {
        int mine = epoch << 1;
        try {
            loop.poller().rearm(socket, token, interest);
        } catch (IOException e) {
            // the socket died under us (e.g. reset): it cannot deliver events any more
            close();
            return;
        }
        if (STATE.compareAndSet(this, mine, mine | 1) // fails if an event already handed it to someone else
                && loop.isStopped() && takeIfArmed()) {
            close(); // re-armed after shutdown's last walk (a handler outlived the join): nobody else will
        }
    }

    /** T0: a new connection was registered armed; nobody has handed it out yet. */
    final void armedByT0(long deadlineNanos) {
        deadline = deadlineNanos;
        STATE.setRelease(this, 1);
    }

    /**
     * T0: an event, a timeout or a wake-up hands the session out: a new epoch, not armed. No fence is needed:
     * only T0 changes the epoch, and the previous owner's one CAS, before or after this store, cannot leave
     * the session marked armed in the new epoch.
     */
    final void handOut(int ready) {
        if (missed) {
            missed = false; // T0 only: a record of an event dropped while parking is spent by any hand-out
        }
        int next = (((int) STATE.getOpaque(this) >>> 1) + 1);
        STATE.setRelease(this, next << 1);
        epoch = next;
        readyOps = ready;
    }

    /** T0: takes the session back if it is armed and past its deadline. */
    final boolean takeIfExpired(long now) {
        int current = (int) STATE.getAcquire(this);
        if ((current & 1) == 0) {
            return false;
        }
        long d = deadline;
        return d != 0 && now - d >= 0 && STATE.compareAndSet(this, current, current & ~1);
    }

    /** T0 stopped for good (shutdown): takes the session back if it is armed, whatever its deadline. */
    final boolean takeIfArmed() {
        int current = (int) STATE.getAcquire(this);
        return (current & 1) != 0 && STATE.compareAndSet(this, current, current & ~1);
    }

    /**
     * Closes the socket and frees the slot, once: only the first call, from any thread, does it (DESIGN.md
     * rule 12). Only the owner should call it; the CAS keeps a bug elsewhere from releasing a slot twice.
     */
    public final void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        try {
            onClose();
        } finally {
            loop.poller().deregister(socket);
            socket.close();
            loop.table().release(this);
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w); // closed while its thread waits for an event (shutdown): let it see that
            }
        }
    }

    /**
     * The server is draining or stopping ({@link EventLoop#drain}): the session should finish the response it
     * has and close, so that its client reconnects elsewhere instead of finding the connection closed under it.
     */
    protected boolean serverDraining() {
        return loop.isDraining();
    }

    /**
     * True once the server has stopped for good (after the graceful wait): a thread of the application that
     * owns the session between events (a blocking handler) must close it and end, as no event will come.
     */
    public final boolean serverStopped() {
        return loop.isStopped();
    }

    final void attach(EventLoop loop, long token) {
        this.loop = loop;
        this.token = token;
    }

    final long token() {
        return token;
    }

    /**
     * T0: whether the session is armed idle ({@link #rearmIdleUntil}) in the current epoch: not owned by a
     * worker, nothing in progress. Its {@link #deadline} is then the one it was armed with.
     */
    final boolean isArmedIdle() {
        return (((int) STATE.getAcquire(this)) & 1) != 0 && reclaimable;
    }

    /** T0: the deadline of the current arming; meaningful after {@link #isArmedIdle} answered true. */
    final long deadline() {
        return deadline;
    }

    /**
     * T0: takes the session back if it is armed idle, with the same CAS as {@link #takeIfExpired} (armed in
     * the current epoch to not armed), so that exactly one of T0 and an event can have it.
     */
    final boolean takeIfIdle() {
        int current = (int) STATE.getAcquire(this);
        return (current & 1) != 0 && reclaimable && STATE.compareAndSet(this, current, current & ~1);
    }

    /** True when the session has no request in progress and no output pending (safe to drop at shutdown). */
    protected abstract boolean isIdle();

    /**
     * Stop's wait: idle and armed in the current epoch, so no event for it is queued or running. A session
     * handed out (its event queued, not run yet) still says idle from before: handing out clears the armed
     * bit, so it counts as busy until its owner re-arms it. Reads only (DESIGN.md rule 1).
     */
    final boolean isIdleAndArmed() {
        return (((int) STATE.getAcquire(this)) & 1) != 0 && isIdle();
    }
}
