package http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A response the handler answers later, from any thread ({@link Response#defer()}). While it is pending the
 * connection is parked: no worker holds it, nothing is read from it, and requests pipelined behind it wait
 * their turn. {@link #complete} fills the response and hands the connection back to a worker, which writes
 * it exactly as if the handler had filled it before returning (streamed bodies included).
 *
 * <p>One atomic state decides every race: {@code PENDING -> COMPLETING -> COMPLETED} for the completer;
 * {@code PENDING -> CANCELLED} when the handler timeout passes first (the client gets 503), or the connection
 * closes (the client sent its FIN or a reset while the response was pending: the parked connection watches
 * for it, as nginx takes a client's close for an abort), or the server stops. A client that leaves in the
 * moment the response is completed is noticed when it is written: no error either.
 */
public final class Deferred {
    private static final int PENDING = 0;
    private static final int COMPLETING = 1;   // the completer won: its fill is running
    private static final int COMPLETED = 2;    // filled: the owner may write the response
    private static final int CANCELLED = 3;    // timed out, closed or stopped before completion
    private static final int ABANDONED = 4;    // closed while the fill ran: the response is never touched again

    private static final VarHandle STATE;
    private static final VarHandle CALLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Deferred.class, "state", int.class);
            CALLED = lookup.findVarHandle(Deferred.class, "called", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Response response;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    @SuppressWarnings("unused") // accessed through CALLED
    private volatile boolean called;
    private volatile HttpConnection owner; // set once the handler returned: who to wake
    private volatile boolean failed;       // the fill threw: the owner answers 500
    long deadline;                          // System.nanoTime() for the 503; owned by the connection

    Deferred(Response response) {
        this.response = response;
    }

    /**
     * Fills the response with {@code fill}, on the calling thread, and hands the connection to a worker to
     * send it. May be called once, from any thread; a second call throws {@link IllegalStateException}.
     * Returns false, without calling {@code fill}, when the response can no longer be sent: the handler
     * timeout passed (the client got 503), the connection closed, or the server stopped; also false when the
     * connection closed while {@code fill} ran. Never logs. A client that leaves while the response is pending
     * closes the connection at once (this then returns false); one that leaves just as it completes is
     * noticed when the response is written, after this returned true; nothing is logged then either.
     *
     * <p>{@code fill} must not keep the response, and must not read the request: it belongs to the
     * connection, which may close meanwhile. Read what the request says in the handler, before deferring. If
     * {@code fill} throws, the client gets 500 and the exception propagates.
     */
    public boolean complete(Consumer<Response> fill) {
        if (!CALLED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("this deferred response was already completed");
        }
        if (!STATE.compareAndSet(this, PENDING, COMPLETING)) {
            return false;
        }
        RuntimeException thrown = null;
        try {
            fill.accept(response);
        } catch (RuntimeException e) {
            thrown = e;
            failed = true;
        } catch (Error e) {
            failed = true;
            finish();
            throw e;
        }
        boolean sent = finish();
        if (!sent) {
            response.closeBodySource(); // abandoned: nobody else will close what fill set
        }
        if (thrown != null) {
            throw thrown;
        }
        return sent;
    }

    /** COMPLETING -> COMPLETED and wakes the owner, if it is parked already; false when abandoned meanwhile. */
    private boolean finish() {
        if (!STATE.compareAndSet(this, COMPLETING, COMPLETED)) {
            return false;
        }
        HttpConnection o = owner;
        if (o != null) {
            o.resume();
        }
        return true;
    }

    // ---- the connection's side ----

    /** The handler returned: from now on a completion wakes {@code connection}. Once; later calls do nothing. */
    void attach(HttpConnection connection, long deadlineNanos) {
        if (owner == null) {
            deadline = deadlineNanos;
            owner = connection;
        }
    }

    /**
     * The owner parked the connection (its last act on it): a completion that came before the park found
     * nothing to wake, so it is woken from here; of this wake and the completer's, exactly one wins.
     */
    void parked() {
        if (completed()) {
            owner.resume();
        }
    }

    /** True once the response is filled and may be written. */
    boolean completed() {
        return (int) STATE.getVolatile(this) == COMPLETED;
    }

    /** True when the fill threw: answer 500. */
    boolean failed() {
        return failed;
    }

    /**
     * The response will not be sent (timeout, close, stop): true when it was still pending, so that the
     * response is the connection's to answer 503 with; false when a fill ran or runs (it is then abandoned:
     * the response must not be touched nor reused) or was done.
     */
    boolean cancel() {
        while (true) {
            int s = (int) STATE.getVolatile(this);
            if (s == PENDING && STATE.compareAndSet(this, PENDING, CANCELLED)) {
                return true;
            }
            if (s == COMPLETING && STATE.compareAndSet(this, COMPLETING, ABANDONED)) {
                return false;
            }
            if (s != PENDING && s != COMPLETING) {
                return false;
            }
        }
    }

    /** True when a fill may still be touching the response: it must not go back to the pool. */
    boolean abandoned() {
        return (int) STATE.getVolatile(this) == ABANDONED;
    }
}
