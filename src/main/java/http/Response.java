package http;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a handler answers: status, content type, extra headers and a whole body. The framework adds
 * {@code Content-Length}, {@code Date}, {@code Server} and {@code Connection}, and writes the response when
 * the handler returns. Reused for the connection's next request.
 */
public final class Response {
    private static final byte[] NO_BODY = new byte[0];

    int status = Status.OK;
    ContentType contentType;
    List<byte[]> extraHeaders; // encoded "Name: value\r\n" lines, allocated only when used
    // The body is an array (no wrapper allocated for the common case) or, when bodyBuffer is set, a buffer.
    byte[] bodyArray = NO_BODY;
    ByteBuffer bodyBuffer;
    /** The exchange of a blocking handler while it runs, else null. */
    BlockingExchange blocking;
    /** The head went out with a body of unknown length ({@link #outputStream()}): nothing more to write. */
    boolean streamed;

    void reset() {
        streamed = false;
        status = Status.OK;
        contentType = null;
        bodyArray = NO_BODY;
        bodyBuffer = null;
        if (extraHeaders != null) {
            extraHeaders.clear();
        }
    }

    public Response status(int code) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status must be 200..599, got " + code);
        }
        this.status = code;
        return this;
    }

    public int status() {
        return status;
    }

    public Response contentType(ContentType type) {
        this.contentType = type;
        return this;
    }

    public Response contentType(String type) {
        return contentType(ContentType.of(type));
    }

    /**
     * Adds a header. {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}, {@code Date} and
     * {@code Server} belong to the framework and are refused.
     */
    public Response header(String name, String value) {
        Headers.checkName(name);
        Headers.checkValue(value);
        switch (name.toLowerCase(Locale.ROOT)) {
            case "content-length", "transfer-encoding", "connection", "date", "server" ->
                    throw new IllegalArgumentException(name + " is set by the server");
            case "content-type" -> {
                return contentType(value);
            }
            default -> {
            }
        }
        if (extraHeaders == null) {
            extraHeaders = new ArrayList<>(4);
        }
        extraHeaders.add(Headers.bytes(name + ": " + value + "\r\n"));
        return this;
    }

    /** The body; the array is sent as it is when the handler returns, so do not change it afterwards. */
    public Response body(byte[] bytes) {
        this.bodyArray = bytes;
        this.bodyBuffer = null;
        return this;
    }

    /** The body, from the buffer's position to its limit; not copied until it is sent. */
    public Response body(ByteBuffer bytes) {
        this.bodyBuffer = bytes.slice();
        return this;
    }

    int bodyLength() {
        return bodyBuffer != null ? bodyBuffer.remaining() : bodyArray.length;
    }

    /** Copies the body into {@code out}. */
    void putBody(ByteBuffer out) {
        if (bodyBuffer != null) {
            out.put(bodyBuffer.duplicate());
        } else {
            out.put(bodyArray);
        }
    }

    /** The body as a buffer of its own, to be sent after the head (large bodies only). */
    ByteBuffer bodyAsBuffer() {
        return bodyBuffer != null ? bodyBuffer.duplicate() : ByteBuffer.wrap(bodyArray);
    }

    public Response body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The body as a stream of unknown length, for blocking handlers only ({@link Handler#blocking()}): sent
     * chunked in HTTP/1.1 and delimited by the connection's close in HTTP/1.0. Status and headers must be set
     * before the first byte leaves: the head goes out at the first {@code flush()} or when the stream's buffer
     * fills. {@code flush()} sends what was written so far (server-sent events); {@code write} waits while the
     * client is slow to read, so memory stays bounded; {@code close()} ends the body (the server closes it when
     * the handler returns, if the handler did not). A client gone away makes writes throw an IOException. Any
     * whole body set on this response is ignored once the stream is used. The same stream on every call.
     *
     * @throws IllegalStateException outside a blocking handler
     */
    public OutputStream outputStream() {
        if (blocking == null) {
            throw new IllegalStateException("outputStream() is for blocking handlers only (Handler.blocking())");
        }
        return blocking.outputStream();
    }
}
