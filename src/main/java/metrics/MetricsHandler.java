package metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import http.Handler;
import http.HttpServer;
import http.Request;
import http.Response;
import http.ServerStats;

/**
 * Serves {@code GET /metrics} (and HEAD) in the Prometheus text format for one server: its
 * {@link HttpMetrics}, what {@link ServerStats} counts ({@code skep_*}), {@code http_server_active_requests},
 * the JVM's heap and garbage collectors, the process's uptime, and every {@link MetricSource} registered.
 * Meant for an admin server of its own. The server it reports on exists only once started: until
 * {@link #bind} it answers 503. Any other path is 404, any other method 405. Scrapes are serialised (one
 * buffer, reused); a scrape allocates a little, which is fine off the hot path.
 */
public final class MetricsHandler implements Handler {
    /** The path served. */
    public static final String PATH = "/metrics";

    private static final String[] TIMEOUT_KINDS = timeoutKinds();

    private final HttpMetrics metrics;
    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private final PrometheusText text = new PrometheusText();
    private volatile HttpServer server;

    /**
     * A handler not yet bound to a server (it answers 503 until {@link #bind}).
     *
     * @param metrics the server's request metrics (its {@code responseListener}), or null for none
     */
    public MetricsHandler(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    /** Reports on {@code server} from now on (call once it has started). */
    public MetricsHandler bind(HttpServer server) {
        this.server = server;
        return this;
    }

    /** Adds {@code source} to every scrape from now on. */
    public MetricsHandler register(MetricSource source) {
        sources.add(source);
        return this;
    }

    @Override
    public void handle(Request request, Response response) {
        if (!PATH.equals(request.path())) {
            response.status(404).body("Not Found\n");
            return;
        }
        if (!request.methodIs("GET") && !request.methodIs("HEAD")) {
            response.status(405).header("Allow", "GET, HEAD").body("Method Not Allowed\n");
            return;
        }
        HttpServer bound = server;
        if (bound == null) {
            response.status(503).header("Retry-After", "1").body("the server is not started yet\n");
            return;
        }
        byte[] body;
        synchronized (text) {
            text.reset();
            scrape(bound, text);
            body = text.toBytes();
        }
        response.status(200).contentType(PrometheusText.CONTENT_TYPE).header("Cache-Control", "no-store").body(body);
    }

    /** Writes one scrape of {@code server} into {@code out} (what {@code GET /metrics} answers). */
    public void scrape(HttpServer server, PrometheusText out) {
        if (metrics != null) {
            metrics.writeTo(out);
        }
        ServerStats stats = server.stats();
        out.gauge("http_server_active_requests", "Requests read and not answered yet (handled or deferred).")
                .sample(stats.activeRequests());
        out.gauge("skep_connections_open", "Connections open now.").sample(stats.connectionsOpen());
        out.counter("skep_connections_accepted_total", "Connections accepted.").sample(stats.connectionsAccepted());
        out.counter("skep_accept_errors_total", "Accept calls that failed (e.g. out of descriptors).")
                .sample(stats.acceptErrors());
        out.counter("skep_bytes_received_total", "Bytes read from clients.").sample(stats.bytesReceived());
        out.counter("skep_bytes_sent_total", "Bytes written to clients.").sample(stats.bytesSent());
        out.gauge("skep_queue_depth", "Events waiting in the shared queue for a worker.").sample(stats.queueDepth());
        out.counter("skep_worker_busy_seconds_total",
                "Seconds each worker spent handling events (0 unless busy time is measured).");
        for (int i = 0; i < stats.workers(); i++) {
            out.sample("worker", Integer.toString(i), stats.workerBusyNanos(i) / 1e9);
        }
        out.counter("skep_timeouts_total", "Connections given up on, by what timed out.");
        for (ServerStats.Timeout kind : ServerStats.Timeout.values()) {
            out.sample("kind", TIMEOUT_KINDS[kind.ordinal()], stats.timeouts(kind));
        }
        out.counter("skep_refused_for_memory_total", "Connections refused with 503: no buffer memory left.")
                .sample(stats.refusedForMemory());
        jvm(out);
        for (MetricSource source : sources) {
            source.writeTo(out);
        }
    }

    private static void jvm(PrometheusText out) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.gauge("jvm_memory_heap_used_bytes", "Heap in use.").sample(heap.getUsed());
        out.gauge("jvm_memory_heap_committed_bytes", "Heap committed by the JVM.").sample(heap.getCommitted());
        out.gauge("jvm_memory_heap_max_bytes", "The most heap the JVM may use (-1: no limit).").sample(heap.getMax());
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        out.counter("jvm_gc_collections_total", "Collections by each garbage collector.");
        for (GarbageCollectorMXBean gc : collectors) {
            out.sample("gc", gc.getName(), Math.max(0, gc.getCollectionCount()));
        }
        out.counter("jvm_gc_collection_seconds_total", "The collector's accumulated collection time in seconds,"
                + " as its MXBean reports it (for concurrent collectors: not only stop-the-world pauses).");
        for (GarbageCollectorMXBean gc : collectors) {
            out.sample("gc", gc.getName(), Math.max(0, gc.getCollectionTime()) / 1e3);
        }
        out.gauge("process_uptime_seconds", "Seconds since the JVM started.")
                .sample(ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
    }

    private static String[] timeoutKinds() {
        ServerStats.Timeout[] kinds = ServerStats.Timeout.values();
        String[] names = new String[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            names[i] = kinds[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }
}
