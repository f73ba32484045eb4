package http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import transport.Connection;

/**
 * Closing a connection without destroying the answer just sent (RFC 9112 section 9.6): while the client may
 * still be sending, a close with unread input would reset the connection. So the output is shut (FIN) and
 * input is read and dropped until the client closes too, for at most {@link #MAX_BYTES} and
 * {@link #MAX_NANOS}.
 */
final class Linger {
    /** After an error we read and drop at most this much, waiting for the client to close first... */
    private static final int MAX_BYTES = 256 * 1024;
    /** ...and for at most this long. */
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

    private boolean active;
    private long deadline;
    private int drained;

    /** Whether the output is shut and input is being drained. */
    boolean active() {
        return active;
    }

    /** System.nanoTime() after which the connection closes whatever the client does. */
    long deadline() {
        return deadline;
    }

    /** Shuts the output down (FIN) and starts draining at {@code now}. */
    void start(Connection io, long now) throws IOException {
        io.shutdownOutput();
        io.discardInput();
        active = true;
        deadline = now + MAX_NANOS;
    }

    /**
     * Reads and drops what has arrived. Returns true when the connection should close now (the client
     * closed, or sent too much), false when nothing more is there yet: wait for it until {@link #deadline}.
     */
    boolean drain(Connection io) throws IOException {
        while (true) {
            int n = io.read();
            io.discardInput();
            if (n == Connection.EOF || drained > MAX_BYTES) {
                return true;
            }
            if (n == 0) {
                return false;
            }
            drained += Math.max(n, 0);
        }
    }
}
