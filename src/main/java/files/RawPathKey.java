package files;

import java.util.Arrays;

import http.Request;

/**
 * The raw bytes of a request path, as a map key. Each worker thread fills one mutable key in place from the
 * request for lookups ({@link #fill}), so a cache hit allocates nothing; the map holds immutable copies.
 */
final class RawPathKey {
    private byte[] bytes;
    private int length;
    private int hash;

    RawPathKey(int capacity) {
        this.bytes = new byte[capacity];
    }

    private RawPathKey(byte[] bytes, int length, int hash) {
        this.bytes = bytes;
        this.length = length;
        this.hash = hash;
    }

    /** A key for fixed bytes (e.g. the SPA file's). */
    static RawPathKey of(byte[] raw) {
        RawPathKey key = new RawPathKey(raw.length);
        System.arraycopy(raw, 0, key.bytes, 0, raw.length);
        key.length = raw.length;
        key.hash = hash(raw, raw.length);
        return key;
    }

    /** Fills this key with the raw path bytes {@code [from, to)} of {@code request}; grows only for longer paths. */
    RawPathKey fill(Request request, int from, int to) {
        int n = to - from;
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            bytes[i] = request.rawPathByte(from + i);
        }
        length = n;
        hash = hash(bytes, n);
        return this;
    }

    /** The bytes; valid up to {@link #length()}. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** An immutable copy to store in the map. */
    RawPathKey copy() {
        return new RawPathKey(Arrays.copyOf(bytes, length), length, hash);
    }

    private static int hash(byte[] bytes, int length) {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawPathKey key && key.hash == hash
                && Arrays.equals(bytes, 0, length, key.bytes, 0, key.length);
    }
}
