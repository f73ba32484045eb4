package http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A request body being collected, counted against the server's {@link BodyBudget}: bytes are reserved
 * before they are stored, and the array never grows past what is reserved (for a Content-Length body it
 * ends exactly that long). A small array is reused by the connection's next body.
 */
final class Body {
    /** An array up to this size stays for the next body; a larger one goes when its exchange ends. */
    private static final int KEEP_AT_MOST = 4 * 1024;
    private static final byte[] NONE = new byte[0];
    private static final ByteBuffer NO_VIEW = ByteBuffer.wrap(NONE).asReadOnlyBuffer();

    private byte[] bytes = NONE;
    private int length;
    private long reserved;   // bytes taken from the budget for this body
    private ByteBuffer view = NO_VIEW;
    private byte[] viewOf = NONE;

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** Bytes of the array held now (for tests: what is really held, against what is reserved). */
    int capacity() {
        return bytes.length;
    }

    long reserved() {
        return reserved;
    }

    /**
     * Makes sure this body may hold {@code total} bytes, taking what it lacks from {@code budget}; grows
     * by doubling (up to {@code atMost}) when it can, so that a chunked body does not reserve per read.
     * False, taking nothing, when the budget cannot give {@code total}.
     */
    boolean reserve(BodyBudget budget, long total, long atMost) {
        if (total <= reserved) {
            return true;
        }
        long grant = Math.max(total, Math.min(atMost, reserved * 2));
        if (!budget.tryTake(grant - reserved)) {
            if (grant == total || !budget.tryTake(total - reserved)) {
                return false;
            }
            grant = total;
        }
        reserved = grant;
        return true;
    }

    /**
     * A chunked body grows by at most the {@code input} bytes buffered now: reserves that much more (at most
     * {@code maxBody} in all), if not yet held.
     */
    boolean reserveForChunks(BodyBudget budget, int input, long maxBody) {
        return reserve(budget, Math.min(maxBody, (long) length + input), maxBody);
    }

    /** Appends up to {@code count} bytes from {@code src}'s position, advancing it. */
    void append(ByteBuffer src, int count) {
        int needed = length + count;
        if (needed > bytes.length) {
            // double, but never past the reservation: the array holds no more than was counted
            long capacity = Math.max(needed, Math.min(reserved, Math.max(1024L, bytes.length * 2L)));
            bytes = Arrays.copyOf(bytes, (int) capacity);
        }
        src.get(bytes, length, count);
        length += count;
    }

    ByteBuffer view() {
        if (viewOf != bytes || view.capacity() != length) {
            view = ByteBuffer.wrap(bytes, 0, length).slice().asReadOnlyBuffer();
            viewOf = bytes;
        }
        return view.clear();
    }

    /**
     * The exchange is over (its response sent) or the connection closes: gives the reservation back, once,
     * and lets go of a large array. Costs one field read for a request that had no body.
     */
    void giveBack(BodyBudget budget) {
        if (reserved == 0) {
            return;
        }
        budget.giveBack(reserved);
        reserved = 0;
        trim();
    }

    /** Lets go of a large array so that one big upload does not pin memory for the connection's life. */
    void trim() {
        length = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = NONE;
            view = NO_VIEW;
            viewOf = NONE;
        }
    }
}
