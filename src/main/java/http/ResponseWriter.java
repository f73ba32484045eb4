package http;

import java.nio.ByteBuffer;
import java.util.List;

import transport.Connection;

/**
 * Encodes a {@link Response} into the connection's output buffer: status line, constant headers from
 * pre-encoded bytes, Content-Length written as digits in place, then the body. A body too big for the
 * buffer is queued to go out behind the head in the same gathering write; a file body is queued to go out
 * from the file behind the head.
 */
final class ResponseWriter {
    /** {@link #write} results: the response is in the output buffer... */
    static final int WRITTEN = 1;
    /** ...nothing was written: flush the output, then call again... */
    static final int FLUSH_FIRST = 0;
    /** ...nothing was written, and never will be: its head is bigger than the output buffer. */
    static final int HEAD_TOO_LARGE = -1;

    private ResponseWriter() {
    }

    /**
     * Appends the response, or says why it did not.
     *
     * @param omitBody       true for HEAD: headers only, Content-Length still that of the body
     * @param connectionLine {@link Headers#CONNECTION_CLOSE}, {@link Headers#CONNECTION_KEEP_ALIVE} or null
     * @return {@link #WRITTEN}, {@link #FLUSH_FIRST} or {@link #HEAD_TOO_LARGE}
     */
    static int write(Response r, boolean omitBody, byte[] connectionLine, Connection io) {
        // 205 has no content (RFC 9110 section 15.3.6): Content-Length: 0, whatever body the handler set
        int bodyLength = r.status == 205 ? 0 : r.bodyLength();
        boolean bodyAllowed = r.status != 204 && r.status != 304;
        // A streamed body (never sent from here) declares its length, chunked, or nothing (close-delimited).
        boolean streamed = r.source != null && r.status != 205;
        boolean fromFile = r.file != null && r.status != 205;
        long length = streamed ? r.sourceLength : fromFile ? r.fileLength : bodyLength;
        byte[] statusLine = Status.line(r.status);
        byte[] date = HttpDate.line();
        int headSize = statusLine.length + Headers.SERVER.length + date.length + Headers.CRLF.length;
        if (bodyAllowed) {
            headSize += length >= 0 ? Headers.CONTENT_LENGTH.length + digits(length) + Headers.CRLF.length
                    : r.chunked ? Chunks.TRANSFER_ENCODING_CHUNKED.length : 0;
        }
        if (r.contentType != null) {
            headSize += r.contentType.headerLine.length;
        }
        if (connectionLine != null) {
            headSize += connectionLine.length;
        }
        List<byte[]> extra = r.extraHeaders;
        int extraCount = extra == null ? 0 : extra.size();
        for (int i = 0; i < extraCount; i++) { // indexed: an iterator is an allocation escape analysis may miss
            headSize += extra.get(i).length;
        }
        if (headSize > io.outputCapacity()) {
            return HEAD_TOO_LARGE;
        }
        int sentBody = omitBody || !bodyAllowed || streamed || fromFile ? 0 : bodyLength;
        ByteBuffer out = io.output(headSize + sentBody);
        boolean queueBody = false;
        if (out == null) {
            out = io.output(headSize);
            if (out == null || sentBody == 0) {
                return FLUSH_FIRST;
            }
            queueBody = true;
        }
        out.put(statusLine).put(Headers.SERVER).put(date);
        if (r.contentType != null) {
            out.put(r.contentType.headerLine);
        }
        if (bodyAllowed && length >= 0) {
            out.put(Headers.CONTENT_LENGTH);
            putDigits(out, length);
            out.put(Headers.CRLF);
        } else if (bodyAllowed && r.chunked) {
            out.put(Chunks.TRANSFER_ENCODING_CHUNKED);
        }
        if (connectionLine != null) {
            out.put(connectionLine);
        }
        for (int i = 0; i < extraCount; i++) {
            out.put(extra.get(i));
        }
        out.put(Headers.CRLF);
        if (fromFile) {
            if (!omitBody && bodyAllowed && r.fileLength > 0) {
                io.queueFile(r.takeFile(), r.filePosition, r.fileLength);
            } // else the response's reset closes it, unsent
        } else if (queueBody) {
            io.queueBody(r.bodyAsBuffer());
        } else if (sentBody > 0) {
            r.putBody(out);
        }
        return WRITTEN;
    }

    /** Writes a plain-text error answer with {@code Connection: close}; false when the output must be flushed first. */
    static boolean writeError(Response response, int status, Connection io) {
        response.reset();
        response.status = status;
        response.contentType(ContentType.TEXT_PLAIN).body(Status.reason(status) + "\n");
        return write(response, false, Headers.CONNECTION_CLOSE, io) == WRITTEN; // always fits in an empty output
    }

    private static int digits(long value) {
        int n = 1;
        while (value >= 10) {
            value /= 10;
            n++;
        }
        return n;
    }

    private static void putDigits(ByteBuffer out, long value) {
        int end = out.position() + digits(value);
        for (int i = end - 1; i >= out.position(); i--) {
            out.put(i, (byte) ('0' + value % 10));
            value /= 10;
        }
        out.position(end);
    }
}
