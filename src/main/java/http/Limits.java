package http;

/**
 * Size limits that protect the server from oversized requests.
 *
 * @param maxRequestLine bytes in the request line, CRLF excluded (414 above)
 * @param maxHeaderBytes bytes of the header section after the request line (431 above)
 * @param maxHeaders     number of header fields (431 above)
 * @param maxBody        bytes of a request body, after chunked decoding (413 above)
 */
public record Limits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBody) {
    public static final Limits DEFAULT = new Limits(8 * 1024, 16 * 1024, 100, 10L * 1024 * 1024);

    public Limits {
        if (maxRequestLine < 16 || maxHeaderBytes < 16 || maxHeaders < 1 || maxBody < 0) {
            throw new IllegalArgumentException("limits too small: " + maxRequestLine + "/" + maxHeaderBytes
                    + "/" + maxHeaders + "/" + maxBody);
        }
    }

    /** The biggest request head these limits allow; the input buffer must hold it whole. */
    public int maxHead() {
        return maxRequestLine + 2 + maxHeaderBytes + 2;
    }
}
