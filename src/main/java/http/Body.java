package http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A request body being collected: a growable array, reused by the connection's next request. */
final class Body {
    private static final int KEEP_AT_MOST = 64 * 1024;
    private static final byte[] NONE = new byte[0];

    private byte[] bytes = NONE;
    private int length;
    private ByteBuffer view = ByteBuffer.wrap(NONE).asReadOnlyBuffer();
    private byte[] viewOf = NONE;

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    /** Appends up to {@code count} bytes from {@code src}'s position, advancing it. */
    void append(ByteBuffer src, int count) {
        if (length + count > bytes.length) {
            int capacity = Math.max(length + count, Math.max(1024, bytes.length * 2));
            bytes = Arrays.copyOf(bytes, capacity);
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

    /** Lets go of a large array so that one big upload does not pin memory for the connection's life. */
    void trim() {
        length = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = NONE;
        }
    }
}
