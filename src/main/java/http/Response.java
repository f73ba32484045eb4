package http;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import platform.OpenFile;

/**
 * What a handler answers: status, content type, extra headers and a body, whole or streamed from a source
 * ({@link #body(ReadableByteChannel, long)}) or sent from a file ({@link #body(OpenFile, long, long)}). The
 * framework adds {@code Content-Length} (or {@code Transfer-Encoding}), {@code Date}, {@code Server} and
 * {@code Connection}, and writes the response when the handler returns, or when a deferred response is
 * completed ({@link #defer()}). Reused for the connection's next request.
 */
public final class Response {
    private static final byte[] NO_BODY = new byte[0];

    int status = Status.OK;
    ContentType contentType;
    List<byte[]> extraHeaders; // encoded "Name: value\r\n" lines, allocated only when used
    // The body is an array (no wrapper allocated for the common case) or, when bodyBuffer is set, a buffer.
    byte[] bodyArray = NO_BODY;
    ByteBuffer bodyBuffer;
    // A streamed body or a deferred response: one plain read tells the connection to look further.
    boolean extended;
    ReadableByteChannel source; // a streamed body, or null
    long sourceLength;          // its length, -1 when unknown
    OpenFile file;              // a file body (one reference is ours), or null
    long filePosition;
    long fileLength;
    boolean chunked;            // a streamed body of unknown length goes chunked (set by the connection)
    Deferred deferred;          // set by defer(), until the exchange ends
    /** The exchange of a blocking handler while it runs, else null. */
    BlockingExchange blocking;
    /** The head went out with a body of unknown length ({@link #outputStream()}): nothing more to write. */
    boolean streamed;

    void reset() {
        streamed = false;
        if (extended) {
            resetExtended();
        }
        status = Status.OK;
        contentType = null;
        bodyArray = NO_BODY;
        bodyBuffer = null;
        if (extraHeaders != null) {
            extraHeaders.clear();
        }
    }

    /** A source nobody will send any more is closed, a pending deferred response cancelled. */
    private void resetExtended() {
        extended = false;
        StreamedBody.closeQuietly(source);
        source = null;
        dropFile();
        if (deferred != null && (deferred.cancel() || !deferred.abandoned())) {
            deferred = null; // an abandoned one stays: a completer may still fill this response (Exchange.abort)
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
        return addLine(Headers.bytes(name + ": " + value + "\r\n"));
    }

    /**
     * Adds the lines of {@code block} (encoded once, so this allocates nothing): see {@link HeaderBlock}.
     */
    public Response headers(HeaderBlock block) {
        return block.lines.length == 0 ? this : addLine(block.lines);
    }

    private Response addLine(byte[] line) {
        if (extraHeaders == null) {
            extraHeaders = new ArrayList<>(4);
        }
        extraHeaders.add(line);
        return this;
    }

    /** The body; the array is sent as it is when the handler returns, so do not change it afterwards. */
    public Response body(byte[] bytes) {
        dropSource();
        this.bodyArray = bytes;
        this.bodyBuffer = null;
        return this;
    }

    /** The body, from the buffer's position to its limit; not copied until it is sent. */
    public Response body(ByteBuffer bytes) {
        dropSource();
        this.bodyBuffer = bytes.slice();
        return this;
    }

    /**
     * A streamed body: read from {@code source} only as the client takes it, so at most
     * {@link ServerOptions#outputBound} bytes of it are held at a time (backpressure). With a known
     * {@code length} it goes out with {@code Content-Length} and exactly that many bytes are read (a source
     * that ends sooner closes the connection: the client sees a short body, never a wrong one); with
     * {@code length} -1 it goes chunked in HTTP/1.1 and until the connection closes in HTTP/1.0. The source
     * is read on a worker thread, so it must not block for long (a file is fine; a slow producer belongs in
     * a deferred or blocking handler); a non-blocking channel that has nothing yet is simply asked again at the
     * next write event, which spins. It is closed exactly once: when the body ends, on an error, when the
     * connection closes, or at once when no body is sent (HEAD, 204, 304). A read that throws is logged and
     * closes the connection.
     */
    public Response body(ReadableByteChannel source, long length) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0, got " + length);
        }
        dropSource();
        this.source = java.util.Objects.requireNonNull(source, "source");
        this.sourceLength = length;
        this.extended = true;
        return this;
    }

    /**
     * A body sent straight from a file: {@code length} bytes from {@code position}, with that
     * {@code Content-Length}, by the kernel (sendfile on epoll, {@code FileChannel.transferTo} on nio), never
     * through the heap, as fast as the client takes them (one-shot write interest between parts). The response
     * takes over one reference to {@code file} and closes it exactly once: when the body is sent, when the
     * connection closes, or at once when no body goes out (HEAD, 204, 304); to keep the file open (a cache),
     * {@link OpenFile#retain()} it first. A file that turns out shorter than {@code position + length} while it
     * is sent closes the connection (the client sees a short body, never a wrong one). Open it with
     * {@link Request#openFile} (a file opened by another kind of backend, epoll or nio, cannot be sent: the
     * connection closes after the head, with an error logged).
     */
    public Response body(OpenFile file, long position, long length) {
        if (position < 0 || length < 0) {
            if (file != this.file) {
                file.close(); // taken over and refused; the same file again stays this response's
            }
            throw new IllegalArgumentException("position and length must be at least 0: " + position + ", " + length);
        }
        if (file != this.file) { // the same file again keeps its one reference: dropping it would close it
            dropSource();
        }
        this.bodyArray = NO_BODY;
        this.bodyBuffer = null;
        this.file = file;
        this.filePosition = position;
        this.fileLength = length;
        this.extended = true;
        return this;
    }

    /** A streamed body read from {@code source}: see {@link #body(ReadableByteChannel, long)}. */
    public Response body(InputStream source, long length) {
        return body(Channels.newChannel(source), length);
    }

    /**
     * Answers later, from any thread: the handler returns, and the response is sent once
     * {@link Deferred#complete} has filled it. Call it at most once per request, from the handler; after it,
     * the handler must not touch the response. A response never completed gets 503 after
     * {@link ServerOptions#handlerTimeout}.
     */
    public Deferred defer() {
        if (deferred != null) {
            throw new IllegalStateException("the response is already deferred");
        }
        deferred = new Deferred(this);
        extended = true;
        return deferred;
    }

    /** A streamed or file body replaced by another body: its source will never be read. */
    private void dropSource() {
        if (source != null) {
            StreamedBody.closeQuietly(source);
            source = null;
        }
        dropFile();
    }

    private void dropFile() {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /** Closes what a body would have been read from (a source, a file): nobody will send this response. */
    void closeBodySource() {
        StreamedBody.closeQuietly(takeSource());
        dropFile();
    }

    /** Takes the file body: from here on the caller closes it. */
    OpenFile takeFile() {
        OpenFile f = file;
        file = null;
        return f;
    }

    /** A streamed body of unknown length that cannot go chunked (HTTP/1.0): the close ends it. */
    boolean closeDelimited() {
        return source != null && sourceLength < 0 && !chunked;
    }

    /** Takes the streamed body's source: from here on the caller closes it. */
    ReadableByteChannel takeSource() {
        ReadableByteChannel s = source;
        source = null;
        return s;
    }

    /**
     * The body length the response's head declares, for logs: 0 when no body is sent (HEAD, 204, 205, 304),
     * -1 when it is not known ahead (chunked, ended by the close, or sent by a blocking handler's stream).
     * Call before the response is written: a queued body is consumed as it is sent.
     */
    long declaredBodyLength(boolean head) {
        if (head || status == 204 || status == 205 || status == 304) {
            return 0;
        }
        if (streamed) {
            return -1;
        }
        return source != null ? sourceLength : file != null ? fileLength : bodyLength();
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
