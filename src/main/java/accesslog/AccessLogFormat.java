package accesslog;

/** How an {@link AccessLog} writes its lines. */
public enum AccessLogFormat {
    /**
     * nginx's {@code combined} format plus the request time in seconds:
     * {@code $remote_addr - - [$time_local] "$request" $status $body_bytes_sent "$http_referer"
     * "$http_user_agent" $request_time}.
     */
    COMBINED,
    /** One JSON object per line, for log shippers. */
    JSON
}
