package http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the head parser, framing and body decoder the way a connection does, over input that arrives in
 * pieces, and describes the outcome as a string so that different splits can be compared.
 */
final class Feed {
    private Feed() {
    }

    /** Feeds {@code request} cut at the given offsets (ascending). */
    static String parse(String request, Limits limits, int... cuts) {
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
        String head = null;
        for (int end : ends) {
            buf.limit(end);
            if (!inBody) {
                int r = parser.parse(buf, request1);
                if (r == RequestParser.INCOMPLETE) {
                    continue;
                }
                if (r < 0) {
                    return "error " + (-r);
                }
                int status = Framing.analyze(request1, limits);
                if (status != 0) {
                    return "error " + status;
                }
                head = describe(request1);
                if (!request1.chunked && request1.contentLength <= 0) {
                    buf.position(buf.position() + r);
                    return head + " | rest=" + (bytes.length - buf.position());
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
                return "error " + (-r);
            }
            if (r == BodyDecoder.DONE) {
                // the head must still read right after the input moved on (it was detached)
                String again = describe(request1);
                if (!again.equals(head)) {
                    return "head changed: " + head + " -> " + again;
                }
                ByteBuffer body = request1.body();
                byte[] data = new byte[body.remaining()];
                body.get(data);
                return head + " | body=" + new String(data, StandardCharsets.ISO_8859_1) + " | rest=" + (bytes.length - buf.position());
            }
        }
        return "incomplete";
    }

    static String describe(Request r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append(' ').append(r.target()).append(' ').append(r.protocol());
        for (int i = 0; i < r.headerCount(); i++) {
            sb.append(" [").append(r.headerName(i)).append('=').append(r.headerValue(i)).append(']');
        }
        sb.append(" cl=").append(r.contentLength).append(" chunked=").append(r.chunked)
                .append(" keepAlive=").append(r.keepAlive).append(" expect=").append(r.expectContinue);
        return sb.toString();
    }
}
