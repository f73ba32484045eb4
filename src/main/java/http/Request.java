package http;

import java.net.InetSocketAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;

import platform.OpenFile;
import platform.Platform;
import platform.Socket;

/**
 * The request being handled. Its head is read in place from the connection's input buffer (or, when the
 * request has a body, from a per-connection copy), so a request costs no allocation unless the handler asks
 * for strings. Valid only during {@link Handler#handle}: the object is reused for the next request.
 */
public final class Request {
    private static final String[] KNOWN_METHODS =
            {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};

    // Head layout, offsets relative to base, filled by RequestParser.
    int methodEnd;
    int targetStart;
    int targetEnd;
    int pathStart;  // where the path starts in the target: after the authority in absolute-form
    int hostStart;  // the host the request is for (the target's authority, else the Host value); -1: none
    int hostEnd;
    int version;
    int headerCount;
    private final int[] fields; // per field: name start, name end, value start, value end

    private ByteBuffer src;
    private int base;
    private int headLength;
    private ByteBuffer headCopy;
    private boolean headComplete; // the head was parsed whole: its accessors may be used

    // Framing, decided by Framing.analyze.
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive;
    boolean expectContinue;

    private final Body body = new Body();
    /** The body as it arrives, while a blocking handler runs (null otherwise: the body is buffered whole). */
    BodyInputStream stream;

    // What a router recorded (see routed); cleared with the head.
    private static final String[] NO_PARAMS = new String[0];
    private String route;
    private String[] paramNames = NO_PARAMS;
    private String[] paramValues = NO_PARAMS;
    private int pathEnd = -1; // where the path ends in the target (at '?' or the end); -1: not found yet

    private Socket connection; // set when the exchange is taken for a connection, for remoteAddress
    private Platform platform; // the connection's backend, for openFile
    private final QueryParameters query = new QueryParameters();
    private final Cookies cookies = new Cookies();

    Request(int maxHeaders) {
        this.fields = new int[maxHeaders * 4];
    }

    void clearHead() {
        headComplete = false;
        headerCount = 0;
        version = 0;
        contentLength = -1;
        chunked = false;
        keepAlive = false;
        expectContinue = false;
        route = null;
        paramNames = NO_PARAMS;
        paramValues = NO_PARAMS;
        pathEnd = -1;
        query.clear();
        cookies.clear();
    }

    /**
     * Its response is queued: the head is no longer this request's (the input moves on), so that an error on
     * the next request, before its head parses, is not reported with this one's (a plain store).
     */
    void answered() {
        headComplete = false;
    }

    /** The connection this request came on; set once per exchange, not per request. */
    void connection(Socket socket, Platform backend) {
        this.connection = socket;
        this.platform = backend;
    }

    void addField(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        int i = headerCount++ * 4;
        fields[i] = nameStart;
        fields[i + 1] = nameEnd;
        fields[i + 2] = valueStart;
        fields[i + 3] = valueEnd;
    }

    void headParsed(ByteBuffer buffer, int base, int length) {
        this.src = buffer;
        this.base = base;
        this.headLength = length;
        this.headComplete = true;
        body.clear();
    }

    int headLength() {
        return headLength;
    }

    /**
     * Copies the head out of the input buffer, so that the buffer can be consumed and refilled while the
     * body is read. The copy is kept and reused by later requests on this connection.
     */
    void detachHead() {
        if (headCopy == null || headCopy.capacity() < headLength) {
            headCopy = ByteBuffer.allocate(Math.max(headLength, 1024));
        }
        headCopy.clear();
        headCopy.put(0, src, base, headLength);
        src = headCopy;
        base = 0;
    }

    Body bodyBuffer() {
        return body;
    }

    /** Drops the borrowed head and any large body storage before the connection goes idle. */
    void release() {
        headComplete = false;
        src = null;
        connection = null;
        body.trim();
    }

    // ---- the handler's view ----

    /**
     * Whether the head was read whole, so that the accessors below may be used. Always true in a handler;
     * false for a {@link ResponseListener} told about an answer to a request the server could not read.
     */
    public boolean headComplete() {
        return headComplete;
    }

    /** The method; the common ones are shared constants, so {@code "GET".equals(m)} is cheap. */
    public String method() {
        for (String known : KNOWN_METHODS) {
            if (methodIs(known)) {
                return known;
            }
        }
        return ascii(0, methodEnd);
    }

    /** Compares the method without creating a string. */
    public boolean methodIs(String method) {
        if (method.length() != methodEnd) {
            return false;
        }
        for (int i = 0; i < methodEnd; i++) {
            if (src.get(base + i) != method.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The request-target as sent, e.g. {@code /search?q=bee}. */
    public String target() {
        return ascii(targetStart, targetEnd);
    }

    /**
     * The path of the request-target, without the query: {@code /search} for {@code /search?q=bee} and for
     * {@code http://example.com/search?q=bee} (absolute-form), {@code /} for {@code http://example.com};
     * {@code *} for {@code OPTIONS *}.
     */
    public String path() {
        int end = pathStart;
        while (end < targetEnd && src.get(base + end) != '?') {
            end++;
        }
        return end == pathStart ? "/" : ascii(pathStart, end);
    }

    /**
     * The host (and port) the request is for, e.g. {@code example.com:8080}: the authority of an
     * absolute-form target, which replaces the Host field (RFC 9112 section 3.2.2), else the Host value;
     * null when there is neither (HTTP/1.0).
     */
    public String host() {
        return hostStart < 0 ? null : latin1(hostStart, hostEnd);
    }

    /** {@code "HTTP/1.1"} or {@code "HTTP/1.0"}. */
    public String protocol() {
        return version == 10 ? "HTTP/1.0" : "HTTP/1.1";
    }

    public int headerCount() {
        return headerCount;
    }

    public String headerName(int index) {
        return ascii(fields[index * 4], fields[index * 4 + 1]);
    }

    public String headerValue(int index) {
        return latin1(fields[index * 4 + 2], fields[index * 4 + 3]);
    }

    /** The first value of the named header (case-insensitive), or null. */
    public String header(String name) {
        for (int i = 0; i < headerCount; i++) {
            if (nameIs(i, name)) {
                return headerValue(i);
            }
        }
        return null;
    }

    /**
     * The body, read-only; empty when the request has none. In a blocking handler the body is read now, whole
     * (what {@link #bodyStream()} has not read yet), up to the max body and counted against the buffered-body
     * budget; an error reading it is thrown as an {@link UncheckedIOException} (a {@link BodyException} cause
     * answers its status).
     */
    public ByteBuffer body() {
        if (stream != null) {
            try {
                stream.readAllInto(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body.view();
    }

    /** The body as an array of its own; see {@link #body()}. */
    public byte[] bodyBytes() {
        ByteBuffer view = body();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }

    /**
     * The client's address and port (the peer of the connection), or null when the connection is already
     * gone. Looked up on the first call per connection, then cached.
     */
    public InetSocketAddress remoteAddress() {
        return connection == null ? null : connection.remoteAddress();
    }

    /** The first value of the query parameter {@code name}, decoded ({@code +} is a space), or null. */
    public String query(String name) {
        return query.first(this, name);
    }

    /** Every value of the query parameter {@code name}, decoded, in order; empty when there is none. */
    public List<String> queries(String name) {
        return query.all(this, name);
    }

    /**
     * Opens a regular file for {@link Response#body(OpenFile, long, long)}, through this server's I/O backend
     * (a file opened here is sendable on the connections of servers with the same kind of backend). The
     * caller holds its one reference: pass it to the response, or close it. Opens what it is given: checking
     * that the path may be served, and that it is a regular file, is the caller's job.
     *
     * @throws IOException when the file cannot be opened (missing, unreadable)
     */
    public OpenFile openFile(Path file) throws IOException {
        if (platform == null) {
            throw new IllegalStateException("no connection: openFile is for handlers");
        }
        return platform.openFile(file);
    }

    /** The value of the cookie {@code name} from the {@code Cookie} header(s), or null. */
    public String cookie(String name) {
        return cookies.first(this, name);
    }

    /**
     * The path parameter {@code name} of the matched route ({@code {id}} in {@code /users/{id}}),
     * percent-decoded; null when the route has no such parameter or no route matched.
     */
    public String param(String name) {
        for (int i = 0; i < paramNames.length; i++) {
            if (paramNames[i].equals(name)) {
                return paramValues[i];
            }
        }
        return null;
    }

    /**
     * The template of the route that matched, e.g. {@code /users/{id}}, for logs and metrics labels; null when
     * no route's path matched (or there is no router). For a 405 or an automatic OPTIONS answer: the template
     * of the first route registered on that path.
     */
    public String route() {
        return route;
    }

    /**
     * For routers: records the match, read back by {@link #route()} and {@link #param(String)}. The arrays
     * are kept, not copied ({@code names[i]} goes with {@code values[i]}): pass shared empty arrays for a
     * route without parameters, so that nothing is allocated. Cleared when the next request starts.
     */
    public void routed(String template, String[] names, String[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
        }
        this.route = template;
        this.paramNames = names;
        this.paramValues = values;
    }

    /**
     * For routers: the length in bytes of the raw path (as sent, not decoded, without the query); 0 for an
     * absolute-form target without a path. Read byte by byte with {@link #rawPathByte}, which allocates
     * nothing.
     */
    public int rawPathLength() {
        if (pathEnd < 0) {
            int end = pathStart;
            while (end < targetEnd && src.get(base + end) != '?') {
                end++;
            }
            pathEnd = end;
        }
        return pathEnd - pathStart;
    }

    /** For routers: the byte at {@code index} (0 to {@link #rawPathLength()} - 1) of the raw path. */
    public byte rawPathByte(int index) {
        return src.get(base + pathStart + index);
    }

    // ---- raw bytes for access logs: copies that allocate nothing ----

    /**
     * For access logs: copies the method's bytes into {@code dst} at {@code offset}, at most {@code max};
     * returns how many were copied. Allocates nothing.
     */
    public int copyMethod(byte[] dst, int offset, int max) {
        return copy(0, methodEnd, dst, offset, max);
    }

    /**
     * For access logs: copies the request-target's bytes as sent (path and query) into {@code dst} at
     * {@code offset}, at most {@code max}; returns how many were copied. Allocates nothing.
     */
    public int copyTarget(byte[] dst, int offset, int max) {
        return copy(targetStart, targetEnd, dst, offset, max);
    }

    /**
     * For access logs: the index of the first header named {@code lowerCaseName} (compared ignoring case), or
     * -1; for {@link #copyHeaderValue}. Allocates nothing.
     */
    public int headerIndex(String lowerCaseName) {
        for (int i = 0; i < headerCount; i++) {
            if (nameIs(i, lowerCaseName)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * For access logs: copies the value of header {@code index} into {@code dst} at {@code offset}, at most
     * {@code max}; returns how many bytes were copied. Allocates nothing.
     */
    public int copyHeaderValue(int index, byte[] dst, int offset, int max) {
        return copy(fields[index * 4 + 2], fields[index * 4 + 3], dst, offset, max);
    }

    private int copy(int from, int to, byte[] dst, int offset, int max) {
        int length = Math.min(to - from, max);
        src.get(base + from, dst, offset, length);
        return length;
    }

    /**
     * For routers: the raw path bytes {@code [from, to)} percent-decoded as UTF-8 ({@code +} stays a plus);
     * null when they hold a malformed escape.
     */
    public String decodedPath(int from, int to) {
        return PercentDecoder.decode(src, base + pathStart + from, base + pathStart + to, false);
    }

    /**
     * The body as a stream. In a blocking handler ({@link Handler#blocking()}) it is read as it arrives, never
     * held whole: each read waits for the client as a blocking read would (up to the body timeout), and
     * {@code Expect: 100-continue} is answered at the first read, so a handler that refuses an upload without
     * reading it never receives it. A malformed or too large body throws a {@link BodyException}. In any other
     * handler the body has already been read whole and the stream reads that copy.
     */
    public InputStream bodyStream() {
        return stream != null ? stream : new ByteArrayInputStream(bodyBytes());
    }

    // ---- helpers for the framework ----

    /** The query as raw offsets in the head: from after '?' to the end of the target; empty when none. */
    int queryStart() {
        rawPathLength();
        return pathEnd < targetEnd ? pathEnd + 1 : targetEnd;
    }

    int queryEnd() {
        return targetEnd;
    }

    /** The bytes {@code [from, to)} of the head, percent-decoded as UTF-8; null on a malformed escape. */
    String decode(int from, int to, boolean plusIsSpace) {
        return PercentDecoder.decode(src, base + from, base + to, plusIsSpace);
    }

    boolean nameIs(int index, String lowerCaseName) {
        int start = fields[index * 4];
        int end = fields[index * 4 + 1];
        if (end - start != lowerCaseName.length()) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (Ascii.lower(src.get(base + i)) != Character.toLowerCase(lowerCaseName.charAt(i - start))) {
                return false;
            }
        }
        return true;
    }

    /** Points a field's value at other bytes of the head (the target's authority replacing Host). */
    void setValue(int index, int start, int end) {
        fields[index * 4 + 2] = start;
        fields[index * 4 + 3] = end;
    }

    int valueStart(int index) {
        return fields[index * 4 + 2];
    }

    int valueEnd(int index) {
        return fields[index * 4 + 3];
    }

    /** A byte of the head, by offset from its start. */
    byte byteAt(int offset) {
        return src.get(base + offset);
    }

    private String ascii(int from, int to) {
        byte[] bytes = new byte[to - from];
        src.get(base + from, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private String latin1(int from, int to) {
        byte[] bytes = new byte[to - from];
        src.get(base + from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
