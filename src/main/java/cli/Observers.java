package cli;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import accesslog.AccessLog;
import accesslog.AccessLogOptions;
import http.Handler;
import http.HttpServer;
import http.ResponseListener;
import http.ServerOptions;
import metrics.HttpMetrics;
import metrics.MetricsHandler;

/**
 * What watches the responses of {@code skep serve}: the request metrics (with an admin port to read them from)
 * and the access log (with {@code --access-log}). Neither costs requests anything when it is off.
 */
final class Observers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("skep");

    private final HttpMetrics metrics;  // null without an admin port
    private final AccessLog accessLog;  // null without --access-log

    /**
     * @param metrics    keep request metrics for {@link #metricsHandler}
     * @param workers    the server's worker count (the metrics keep a table per worker)
     * @param logOptions the access log's options, or null for none
     * @throws IOException when the access log's file cannot be opened
     */
    Observers(boolean metrics, int workers, AccessLogOptions logOptions) throws IOException {
        this.metrics = metrics ? new HttpMetrics(workers) : null;
        this.accessLog = logOptions == null ? null : new AccessLog(logOptions);
    }

    /** Sets the response listener on {@code options}, before the server starts: metrics, then the log. */
    void attachTo(ServerOptions options) {
        ResponseListener listener = metrics;
        if (accessLog != null) {
            listener = listener == null ? accessLog : listener.andThen(accessLog);
        }
        options.responseListener(listener);
    }

    /** The handler the admin port answers {@code /metrics} with, for {@code server}; the log's drops included. */
    Handler metricsHandler(HttpServer server) {
        MetricsHandler handler = new MetricsHandler(metrics).bind(server);
        AccessLog lines = accessLog;
        if (lines != null) {
            handler.register(out -> out.counter("skep_access_log_dropped_total",
                    "Access log lines dropped: the queue was full, or writing failed.").sample(lines.dropped()));
        }
        return handler;
    }

    /** SIGHUP: the access log's file is opened again (after a rotation moved it away). */
    void reopenAccessLog() {
        if (accessLog != null) {
            accessLog.reopen(); // first: a line queued once this is logged goes to the new file
            log.info("SIGHUP: reopening the access log");
        } else {
            log.info("SIGHUP: no access log to reopen; ignored");
        }
    }

    /** Writes what the access log still holds and closes it: after the server stopped. */
    @Override
    public void close() {
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
