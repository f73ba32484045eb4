package http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

import transport.Connection;

/**
 * A response body of unknown length written by a blocking handler ({@link Response#outputStream()}): chunked
 * in HTTP/1.1, close-delimited in HTTP/1.0. Bytes collect in a small buffer; when it fills, or on
 * {@link #flush()}, they go into the connection's output buffer as one chunk (the head first, the first
 * time). When that buffer has no room the writer waits for the socket to drain it (write interest), so a
 * slow client holds the producer back: a connection holds at most its output buffer (32 KiB by default),
 * never more than the output bound ({@link ServerOptions#outputBound()}), plus this stream's 8 KiB.
 */
final class BodyOutputStream extends OutputStream {
    private static final int CHUNK = 8 * 1024;
    private static final byte[] CONTENT_LENGTH_ZERO = "Content-Length: 0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final BlockingExchange owner;
    private final Connection io;
    private final Request request;
    private final Response response;
    private final byte[] buffer = new byte[CHUNK];
    private int count;
    private boolean chunked;
    private boolean omitBody;  // HEAD, 204, 205, 304: the head only
    private boolean closed;
    private final int outputBound;

    BodyOutputStream(BlockingExchange owner, Connection io, Request request, Response response, int outputBound) {
        this.outputBound = outputBound;
        this.owner = owner;
        this.io = io;
        this.request = request;
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) {
            sendBuffered();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (count == buffer.length) {
                sendBuffered();
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Sends the head (the first time) and everything written so far, waiting until the socket took it. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        sendBuffered();
        owner.flushAll();
    }

    /** Ends the body (the last chunk) and sends it; the handler may leave that to the server. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        owner.checkOpen();
        sendBuffered();
        closed = true;
        if (chunked && !omitBody) {
            append(Chunks.LAST, 0, Chunks.LAST.length);
        }
        owner.flushAll();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        owner.checkOpen();
    }

    /** The buffered bytes as one chunk into the output buffer, then one try at the socket. */
    private void sendBuffered() throws IOException {
        if (!response.streamed) {
            writeHead();
        }
        if (count > 0 && !omitBody) {
            if (chunked) {
                ByteBuffer out = room(Chunks.headerSize(count) + count + 2);
                Chunks.putHeader(out, count);
                out.put(buffer, 0, count);
                Chunks.putTrailer(out);
            } else {
                append(buffer, 0, count);
            }
        }
        count = 0;
        io.flush(); // no wait: what the socket takes now goes, the rest waits for the next room() or flush
    }

    private void append(byte[] bytes, int off, int len) throws IOException {
        room(len).put(bytes, off, len);
    }

    /**
     * The output buffer with {@code need} bytes free, after waiting for the socket to drain it when it has no
     * room or holds the output bound ({@link ServerOptions#outputBound()}) already (the backpressure: write() waits here).
     */
    private ByteBuffer room(int need) throws IOException {
        ByteBuffer out = io.output(need);
        if (out == null || out.position() + need > outputBound) {
            owner.flushAll();
            out = io.output(need);
        }
        return out;
    }

    private void writeHead() throws IOException {
        int status = response.status;
        // 205 has no content (RFC 9110 section 15.3.6): Content-Length: 0, as ResponseWriter answers it
        boolean resetContent = status == 205;
        omitBody = request.methodIs("HEAD") || status == 204 || status == 304 || resetContent;
        boolean bodyAllowed = status != 204 && status != 304 && !resetContent;
        chunked = bodyAllowed && request.version != 10;
        if (bodyAllowed && !chunked) {
            request.keepAlive = false; // HTTP/1.0: the body ends where the connection does
        }
        if (owner.serverDraining()) {
            request.keepAlive = false; // as respond() does: the client closes after this response
        }
        byte[] statusLine = Status.line(status);
        byte[] date = HttpDate.line();
        byte[] connection = !request.keepAlive ? Headers.CONNECTION_CLOSE
                : request.version == 10 ? Headers.CONNECTION_KEEP_ALIVE : null;
        int size = statusLine.length + Headers.SERVER.length + date.length + Headers.CRLF.length
                + (chunked ? Chunks.TRANSFER_ENCODING_CHUNKED.length : 0)
                + (resetContent ? CONTENT_LENGTH_ZERO.length : 0)
                + (connection != null ? connection.length : 0)
                + (response.contentType != null ? response.contentType.headerLine.length : 0);
        if (response.extraHeaders != null) {
            for (byte[] line : response.extraHeaders) {
                size += line.length;
            }
        }
        if (size > io.outputCapacity()) {
            throw new IllegalStateException("response head too large for the output buffer");
        }
        ByteBuffer out = room(size);
        out.put(statusLine).put(Headers.SERVER).put(date);
        if (response.contentType != null) {
            out.put(response.contentType.headerLine);
        }
        if (chunked) {
            out.put(Chunks.TRANSFER_ENCODING_CHUNKED);
        }
        if (resetContent) {
            out.put(CONTENT_LENGTH_ZERO);
        }
        if (connection != null) {
            out.put(connection);
        }
        if (response.extraHeaders != null) {
            for (byte[] line : response.extraHeaders) {
                out.put(line);
            }
        }
        out.put(Headers.CRLF);
        response.streamed = true;
    }
}
