package http;

import java.nio.ByteBuffer;

/**
 * The chunked transfer coding on the way out (RFC 9112 section 7.1): each chunk is its size in hex, CRLF,
 * the data, CRLF; a zero-size chunk and an empty trailer section end the body.
 */
final class Chunks {
    /** The last chunk and an empty trailer section. */
    static final byte[] LAST = {'0', '\r', '\n', '\r', '\n'};
    /** The header line a chunked response carries instead of Content-Length. */
    static final byte[] TRANSFER_ENCODING_CHUNKED = Headers.bytes("Transfer-Encoding: chunked\r\n");
    /** Bytes a chunk adds around data of at most 2^31 - 1 bytes: 8 hex digits and two CRLFs, at most. */
    static final int MAX_OVERHEAD = 8 + 4;

    private Chunks() {
    }

    /** Bytes the size line of a {@code size}-byte chunk takes: hex digits and CRLF. */
    static int headerSize(int size) {
        return hexDigits(size) + 2;
    }

    /** Writes the size line of a {@code size}-byte chunk (size > 0). */
    static void putHeader(ByteBuffer out, int size) {
        int digits = hexDigits(size);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.put((byte) Character.forDigit((size >>> shift) & 0xF, 16));
        }
        out.put((byte) '\r').put((byte) '\n');
    }

    /** Ends a chunk's data. */
    static void putTrailer(ByteBuffer out) {
        out.put((byte) '\r').put((byte) '\n');
    }

    private static int hexDigits(int size) {
        return Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(size) + 3) / 4);
    }
}
