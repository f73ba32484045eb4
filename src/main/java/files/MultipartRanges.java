package files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/byteranges} body (RFC 9110 section 14.6) as a channel of exactly {@link #length()}
 * bytes, laid out as nginx lays it out: per range {@code CRLF --boundary CRLF}, its {@code Content-Type} and
 * {@code Content-Range}, a blank line and the bytes; then {@code CRLF --boundary-- CRLF}. The bytes are read
 * through a {@link FileChannel} opened for this one response (several ranges are rare: no zero-copy here);
 * closing this channel closes it. A file that ends early ends the channel early, and the server then closes
 * the connection rather than send a wrong body.
 */
public final class MultipartRanges implements ReadableByteChannel {
    private final FileChannel file;
    private final ByteRanges ranges;
    private final byte[][] partHeads; // the head of each part, then the closing delimiter
    private final String boundary;
    private final long length;

    private int part;        // the part being sent; ranges.count() is the closing delimiter
    private int headSent;    // bytes of partHeads[part] already sent
    private long dataSent;   // bytes of range `part` already sent
    private boolean open = true;

    private MultipartRanges(FileChannel file, ByteRanges ranges, long totalLength, String contentType,
            String boundary) {
        this.file = file;
        this.ranges = ranges;
        this.boundary = boundary;
        int n = ranges.count();
        partHeads = new byte[n + 1][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            partHeads[i] = ("\r\n--" + boundary + "\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes "
                    + ranges.first(i) + "-" + ranges.last(i) + "/" + totalLength + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            total += partHeads[i].length + ranges.length(i);
        }
        partHeads[n] = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.length = total + partHeads[n].length;
    }

    /**
     * Opens {@code path} for reading and prepares the body of {@code ranges} (at least one) of it.
     *
     * @param totalLength the representation's length, for each Content-Range
     * @param contentType the representation's media type, for each part
     */
    public static MultipartRanges open(Path path, ByteRanges ranges, long totalLength, String contentType)
            throws IOException {
        return open(path, ranges, totalLength, contentType, randomBoundary());
    }

    static MultipartRanges open(Path path, ByteRanges ranges, long totalLength, String contentType,
            String boundary) throws IOException {
        if (ranges.count() < 1) {
            throw new IllegalArgumentException("no range to send");
        }
        return new MultipartRanges(FileChannel.open(path, StandardOpenOption.READ), ranges, totalLength,
                contentType, boundary);
    }

    /** The response's Content-Type: {@code multipart/byteranges; boundary=...}. */
    public String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /** The exact length of the body, for Content-Length. */
    public long length() {
        return length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int start = dst.position();
        while (dst.hasRemaining() && part <= ranges.count()) {
            byte[] head = partHeads[part];
            if (headSent < head.length) {
                int n = Math.min(dst.remaining(), head.length - headSent);
                dst.put(head, headSent, n);
                headSent += n;
                continue;
            }
            if (part == ranges.count() || dataSent == ranges.length(part)) {
                part++;
                headSent = 0;
                dataSent = 0;
                continue;
            }
            int limit = dst.limit();
            dst.limit(dst.position() + (int) Math.min(dst.remaining(), ranges.length(part) - dataSent));
            int n;
            try {
                n = file.read(dst, ranges.first(part) + dataSent);
            } finally {
                dst.limit(limit);
            }
            if (n < 0) { // the file shrank: end here, short; the server closes the connection
                part = ranges.count() + 1;
                break;
            }
            dataSent += n;
        }
        int read = dst.position() - start;
        return read == 0 && dst.hasRemaining() ? -1 : read;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        file.close();
    }

    /** 16 random hex digits: a boundary that no file is likely to contain. */
    private static String randomBoundary() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
