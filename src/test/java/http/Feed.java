package http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the head parser, framing and body decoder the way a connection does, over input that arrives in
 * pieces, and returns everything the request ended up as (an {@link Outcome}), so that different splits can
 * be compared field by field.
 */
final class Feed {
    private Feed() {
    }

    /** One header field as the handler sees it. */
    record Field(String name, String value) {
        @Override
        public String toString() {
            return "[" + name + "=" + value + "]";
        }
    }

    /** The parsed head: what the handler reads, and the framing decided for it. */
    record Head(String method, String target, String path, String host, int version, List<Field> fields, long contentLength,
                boolean chunked, boolean keepAlive, boolean expectContinue) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(method).append(' ').append(target).append(" HTTP/1.").append(version - 10);
            if (!path.equals(pathOf(target))) {
                sb.append(" path=").append(path);
            }
            if (host != null && fields.stream().noneMatch(f -> f.name().equalsIgnoreCase("host") && f.value().equals(host))) {
                sb.append(" host=").append(host); // shown when it is not the Host field's value
            }
            for (Field f : fields) {
                sb.append(' ').append(f);
            }
            return sb.append(" cl=").append(contentLength).append(" chunked=").append(chunked)
                    .append(" keepAlive=").append(keepAlive).append(" expect=").append(expectContinue).toString();
        }

        private static String pathOf(String target) {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /**
     * What the input gave: an error {@code status} (head null), still incomplete (status 0, head null), or a
     * request: its head, its decoded body (null when it has none) and the bytes left after it.
     */
    record Outcome(int status, Head head, String body, int rest) {
        static final Outcome INCOMPLETE = new Outcome(0, null, null, 0);

        static Outcome error(int status) {
            return new Outcome(status, null, null, 0);
        }

        boolean isRequest() {
            return head != null;
        }

        /** The summary the tests compare against: {@code error 400}, {@code incomplete} or the request. */
        @Override
        public String toString() {
            if (status != 0) {
                return "error " + status;
            }
            if (head == null) {
                return "incomplete";
            }
            return head + (body == null ? "" : " | body=" + body) + " | rest=" + rest;
        }
    }

    /** Feeds {@code request} cut at the given offsets (ascending); the summary string of the outcome. */
    static String parse(String request, Limits limits, int... cuts) {
        return outcome(request, limits, cuts).toString();
    }

    /** Feeds {@code request} cut at the given offsets (ascending). */
    static Outcome outcome(String request, Limits limits, int... cuts) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(bytes.length + 16);
        buf.put(bytes).flip();
        RequestParser parser = new RequestParser(limits);
        BodyDecoder decoder = new BodyDecoder(limits);
        Request request1 = new Request(limits.maxHeaders());
        List<Integer> ends = new ArrayList<>();
        for (int cut : cuts) {
            ends.add(cut);
        }
        ends.add(bytes.length);
        boolean inBody = false;
        Head head = null;
        for (int end : ends) {
            buf.limit(end);
            if (!inBody) {
                int r = parser.parse(buf, request1);
                if (r == RequestParser.INCOMPLETE) {
                    continue;
                }
                if (r < 0) {
                    return Outcome.error(-r);
                }
                int status = Framing.analyze(request1, limits);
                if (status != 0) {
                    return Outcome.error(status);
                }
                head = head(request1);
                if (!request1.chunked && request1.contentLength <= 0) {
                    buf.position(buf.position() + r);
                    return new Outcome(0, head, null, bytes.length - buf.position());
                }
                request1.detachHead();
                buf.position(buf.position() + r);
                if (request1.chunked) {
                    decoder.startChunked();
                } else {
                    decoder.startFixed(request1.contentLength);
                }
                inBody = true;
            }
            int r = decoder.decode(buf, request1.bodyBuffer());
            if (r < 0) {
                return Outcome.error(-r);
            }
            if (r == BodyDecoder.DONE) {
                // the head must still read right after the input moved on (it was detached)
                Head again = head(request1);
                if (!again.equals(head)) {
                    throw new IllegalStateException("head changed: " + head + " -> " + again);
                }
                ByteBuffer body = request1.body();
                byte[] data = new byte[body.remaining()];
                body.get(data);
                return new Outcome(0, head, new String(data, StandardCharsets.ISO_8859_1), bytes.length - buf.position());
            }
        }
        return Outcome.INCOMPLETE;
    }

    static Head head(Request r) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < r.headerCount(); i++) {
            fields.add(new Field(r.headerName(i), r.headerValue(i)));
        }
        return new Head(r.method(), r.target(), r.path(), r.host(), r.version, List.copyOf(fields), r.contentLength,
                r.chunked, r.keepAlive, r.expectContinue);
    }
}
