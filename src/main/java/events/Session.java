package events;

import java.io.IOException;

import platform.Poller;
import platform.Socket;

/**
 * One connection as the event loop sees it: a socket, the token its events carry, and the work to do when
 * it is ready. Created by T0 on accept, run by one worker at a time (see DESIGN.md, "Ownership").
 *
 * <p>Subclasses implement {@link #onReady}; before it returns they either {@link #rearm} (their last act on
 * the session: another worker may own it the moment the call returns) or {@link #close}.
 */
public abstract class Session {
    protected final Socket socket;
    private long token;
    private EventLoop loop;
    /** Readiness of the event in flight; written by T0 before the session is queued. */
    int readyOps;
    private boolean closed;

    protected Session(Socket socket) {
        this.socket = socket;
    }

    /** Called on a worker thread with the readiness bits ({@link Poller#READ}, WRITE, HANGUP). */
    protected abstract void onReady(int readyOps);

    /** Called once when the session closes, on the thread that closes it; release buffers here. */
    protected void onClose() {
    }

    /** Asks for one more event: {@link Poller#READ}, {@link Poller#WRITE} or both. */
    protected final void rearm(int interest) {
        try {
            loop.poller().rearm(socket, token, interest);
        } catch (IOException e) {
            // the socket died under us (e.g. reset): it cannot deliver events any more
            close();
        }
    }

    /** Closes the socket and frees the slot. Idempotent. Only the owner calls it. */
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            onClose();
        } finally {
            loop.poller().deregister(socket);
            socket.close();
            loop.table().release(this);
        }
    }

    public final boolean isClosed() {
        return closed;
    }

    /** The session is being shut down with the server: it should finish what it has and close. */
    protected boolean serverStopping() {
        return loop.isStopping();
    }

    final void attach(EventLoop loop, long token) {
        this.loop = loop;
        this.token = token;
    }

    final long token() {
        return token;
    }

    /** True when the session has no request in progress and no output pending (safe to drop at shutdown). */
    protected abstract boolean isIdle();
}
