package files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import http.ContentType;
import http.HeaderBlock;
import http.Request;
import http.Response;
import platform.OpenFile;

/**
 * Answers a request for a resolved file with the semantics of RFC 9110: GET and HEAD only (405 with
 * {@code Allow} otherwise); the representation chosen by {@code Accept-Encoding} among the file and its
 * precompressed siblings; the preconditions of section 13.2.2 (304, 412) against that representation; then
 * {@code Range} with {@code If-Range} on GET (206, multipart/byteranges, 416, or the whole file under the
 * rules of {@link ByteRanges}); the body goes out zero-copy from the entry's open file.
 *
 * <p>A plain GET or HEAD (no conditional, range or, for a file without siblings, encoding field) allocates
 * nothing here: the fields are looked up without creating strings, the headers are the entry's encoded
 * block, and the body is the entry's descriptor, retained.
 */
public final class FileResponder {
    private static final HeaderBlock ALLOW = HeaderBlock.of("Allow", "GET, HEAD");
    private static final HeaderBlock ENCODING_BR = HeaderBlock.of("Content-Encoding", "br");
    private static final HeaderBlock ENCODING_GZIP = HeaderBlock.of("Content-Encoding", "gzip");
    private static final byte[] METHOD_NOT_ALLOWED = text("Method Not Allowed\n");
    private static final byte[] PRECONDITION_FAILED = text("Precondition Failed\n");
    private static final byte[] RANGE_NOT_SATISFIABLE = text("Range Not Satisfiable\n");

    private FileResponder() {
    }

    /**
     * Fills in {@code response} for {@code entry}. The entry keeps its own reference to its file: the body
     * retains one more (or opens the file again when the entry's was closed meanwhile).
     *
     * @throws IOException when the file must be opened again, or opened for several ranges, and cannot be
     */
    public static void respond(Request request, Response response, FileEntry entry) throws IOException {
        boolean get = request.methodIs("GET");
        if (!get && !request.methodIs("HEAD")) {
            response.status(405).headers(ALLOW).contentType(ContentType.TEXT_PLAIN).body(METHOD_NOT_ALLOWED);
            return;
        }
        FileEntry chosen = entry;
        HeaderBlock encoding = null;
        if (entry.brotli != null || entry.gzip != null) {
            String acceptEncoding = request.header("accept-encoding");
            if (acceptEncoding != null) {
                switch (AcceptEncoding.choose(acceptEncoding, entry.brotli != null, entry.gzip != null)) {
                    case AcceptEncoding.BROTLI -> {
                        chosen = entry.brotli;
                        encoding = ENCODING_BR;
                    }
                    case AcceptEncoding.GZIP -> {
                        chosen = entry.gzip;
                        encoding = ENCODING_GZIP;
                    }
                    default -> {
                    }
                }
            }
        }
        String ifMatch = request.header("if-match");
        String ifUnmodifiedSince = request.header("if-unmodified-since");
        String ifNoneMatch = request.header("if-none-match");
        String ifModifiedSince = request.header("if-modified-since");
        if (ifMatch != null || ifUnmodifiedSince != null || ifNoneMatch != null || ifModifiedSince != null) {
            int outcome = Preconditions.evaluate(true, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince,
                    chosen.etag, chosen.lastModifiedMillis);
            if (outcome == Preconditions.NOT_MODIFIED) {
                // ETag, Last-Modified, Cache-Control and Vary, as a 200 would have them; no body
                response.status(304).headers(chosen.headers);
                return;
            }
            if (outcome == Preconditions.PRECONDITION_FAILED) {
                response.status(412).contentType(ContentType.TEXT_PLAIN).body(PRECONDITION_FAILED);
                return;
            }
        }
        if (get) { // Range is defined for GET only (RFC 9110 section 14.2): HEAD gets the 200's headers
            String range = request.header("range");
            if (range != null && rangeApplies(request, chosen)) {
                ByteRanges ranges = ByteRanges.parse(range, chosen.length);
                if (ranges == ByteRanges.UNSATISFIABLE) {
                    response.status(416).header("Content-Range", "bytes */" + chosen.length)
                            .contentType(ContentType.TEXT_PLAIN).body(RANGE_NOT_SATISFIABLE);
                    return;
                }
                if (ranges != ByteRanges.IGNORE) {
                    partial(request, response, entry, chosen, encoding, ranges);
                    return;
                }
            }
        }
        describe(response, entry, chosen, encoding).body(retained(request, chosen), 0, chosen.length);
    }

    /** False when an {@code If-Range} says the client's partial copy is of another version. */
    private static boolean rangeApplies(Request request, FileEntry chosen) {
        String ifRange = request.header("if-range");
        return ifRange == null || Preconditions.ifRangeMatches(ifRange, chosen.etag, chosen.lastModifiedMillis);
    }

    /** A 206: one range from the open file, or several as multipart/byteranges. */
    private static void partial(Request request, Response response, FileEntry entry, FileEntry chosen,
            HeaderBlock encoding, ByteRanges ranges) throws IOException {
        describe(response, entry, chosen, encoding).status(206);
        if (ranges.count() == 1) {
            response.header("Content-Range", "bytes " + ranges.first(0) + "-" + ranges.last(0) + "/" + chosen.length)
                    .body(retained(request, chosen), ranges.first(0), ranges.length(0));
            return;
        }
        MultipartRanges body = MultipartRanges.open(chosen.path, ranges, chosen.length, entry.contentType.value());
        response.contentType(body.contentType()).body(body, body.length());
    }

    /** Content-Type (the original's), the entry's header block, and Content-Encoding for a sibling. */
    private static Response describe(Response response, FileEntry entry, FileEntry chosen, HeaderBlock encoding) {
        response.contentType(entry.contentType).headers(chosen.headers);
        if (encoding != null) {
            response.headers(encoding);
        }
        return response;
    }

    /** A reference to the entry's file for one response: retained, or opened again if it was closed. */
    private static OpenFile retained(Request request, FileEntry entry) throws IOException {
        return entry.file.retain() ? entry.file : request.openFile(entry.path);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
