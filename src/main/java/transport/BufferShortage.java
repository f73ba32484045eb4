package transport;

/**
 * Thrown when a connection needs a buffer and its pool has none left to lend (the pool is capped). The
 * connection cannot go on: its owner refuses it (e.g. a fixed 503 written straight to the socket) and
 * closes it. One shared instance without a stack trace: under overload it costs nothing to throw.
 */
public final class BufferShortage extends RuntimeException {
    static final BufferShortage INSTANCE = new BufferShortage();

    private BufferShortage() {
        super("no buffer left in the pool", null, false, false);
    }
}
