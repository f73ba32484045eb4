package transport;

/**
 * Told the bytes a {@link Connection} moves, as they move: for a server's bytes-in and bytes-out counts.
 * Called on the thread that owns the connection, once per read or flush that moved bytes; must be cheap.
 */
public interface TrafficCounter {
    /** Counts nothing. */
    TrafficCounter NONE = new TrafficCounter() {
        @Override
        public void received(long bytes) {
        }

        @Override
        public void sent(long bytes) {
        }
    };

    /** {@code bytes} (more than 0) were read from the socket. */
    void received(long bytes);

    /** {@code bytes} (more than 0) were written to the socket (from buffers or a file). */
    void sent(long bytes);
}
