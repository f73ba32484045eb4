package metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import http.Request;
import http.ResponseListener;

/**
 * Counts every response a server sends ({@link http.ServerOptions#responseListener}) as
 * {@code http_server_requests_total{method,route,status}} and the histogram
 * {@code http_server_request_duration_seconds{method,route,status}} with OpenTelemetry's advised buckets.
 *
 * <p>{@code route} is the router's template ({@link Request#route()}), {@code ""} when no route matched,
 * never the raw path; {@code method} is one of the nine standard methods or {@code _OTHER}. A request the
 * server could not read (400, 408, 431...) counts as method {@code _OTHER}, route {@code ""}.
 *
 * <p>Each shard (worker thread, plus one for every other thread) has its own table of series: a worker
 * writes its own with plain reads and opaque stores, other threads (shard -1) share the last shard with
 * atomic adds.
 * Once a series exists, recording allocates nothing and takes no lock; a new series is allocated once and
 * published with a release store, read by the scraper with an acquire load. A shard holds at most
 * {@link #MAX_SERIES} series; responses for any further (method, route, status) are counted in one overflow
 * series per shard, labelled {@code method="_OTHER", route="_other", status="0"}. A scrape sums the shards
 * per series.
 */
public final class HttpMetrics implements ResponseListener {
    /** The most series one shard keeps before it counts new ones in the overflow series. */
    public static final int MAX_SERIES = 1000;
    /** The histogram's upper bounds in seconds (OpenTelemetry's advice for HTTP server durations). */
    public static final double[] BUCKETS =
            {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};
    static final int OTHER_METHOD = METHODS.length;
    private static final String[] METHOD_LABELS = {
            "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "_OTHER"};
    private static final String OVERFLOW_ROUTE = "_other";
    private static final long[] BOUNDS_NANOS = new long[BUCKETS.length];
    private static final int SUM = 0;       // cell 0: the durations' sum in nanoseconds
    private static final int BUCKET0 = 1;   // cells 1..: per bucket (not cumulative), the last is +Inf
    private static final int CELLS = BUCKET0 + BUCKETS.length + 1;
    private static final int TABLE = 2048;  // a power of two, above MAX_SERIES / 0.5 load
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Series[].class);

    static {
        for (int i = 0; i < BUCKETS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BUCKETS[i] * 1e9);
        }
    }

    private final int workers;
    private final Shard[] shards;

    /**
     * Metrics for a server with {@code workers} worker threads (one shard each, plus one shared shard).
     *
     * <p>Any shard number the listener is given outside {@code 0..workers-1} (-1 for a thread that is not one
     * of the server's workers, or a worker index beyond a count given too low) is counted in the shared shard
     * (atomically): a wrong count costs speed, never correctness.
     *
     * @param workers the server's worker count ({@link http.ServerOptions#workers()})
     */
    public HttpMetrics(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.shards = new Shard[workers + 1];
        for (int i = 0; i <= workers; i++) {
            shards[i] = new Shard(i == workers);
        }
    }

    @Override
    public void responded(int shard, Request request, int status, long bodyBytes, long startNanos, long endNanos) {
        int method = OTHER_METHOD;
        String route = "";
        if (request.headComplete()) {
            method = methodIndex(request);
            String template = request.route();
            if (template != null) {
                route = template;
            }
        }
        Shard table = shards[shard >= 0 && shard < workers ? shard : workers];
        table.find(route, method, status).record(table.shared, Math.max(0, endNanos - startNanos));
    }

    private static int methodIndex(Request request) {
        for (int i = 0; i < METHODS.length; i++) {
            if (request.methodIs(METHODS[i])) {
                return i;
            }
        }
        return OTHER_METHOD;
    }

    /** Writes both families, each series summed over the shards. */
    public void writeTo(PrometheusText out) {
        Map<Key, long[]> totals = new LinkedHashMap<>();
        for (Shard shard : shards) {
            shard.addTo(totals);
        }
        List<Map.Entry<Key, long[]>> series = new ArrayList<>(totals.entrySet());
        series.sort((a, b) -> a.getKey().compareTo(b.getKey()));
        String[] names = {"method", "route", "status"};
        out.counter("http_server_requests_total", "HTTP requests answered, by method, route template and status.");
        for (Map.Entry<Key, long[]> entry : series) {
            out.sample(names, entry.getKey().labels(), count(entry.getValue()));
        }
        out.histogram("http_server_request_duration_seconds",
                "Time from a request's first byte read to its response queued, in seconds.");
        long[] counts = new long[BUCKETS.length + 1];
        for (Map.Entry<Key, long[]> entry : series) {
            long[] cells = entry.getValue();
            System.arraycopy(cells, BUCKET0, counts, 0, counts.length);
            out.histogramSeries(names, entry.getKey().labels(), BUCKETS, counts, cells[SUM] / 1e9);
        }
    }

    private static long count(long[] cells) {
        long total = 0;
        for (int i = BUCKET0; i < CELLS; i++) {
            total += cells[i];
        }
        return total;
    }

    /** One shard's series: an open-addressed table, written by its shard's thread(s), read by the scraper. */
    private static final class Shard {
        final boolean shared;
        final Series[] table = new Series[TABLE];
        final Series overflow = new Series(OVERFLOW_ROUTE, OTHER_METHOD, 0);
        private static final VarHandle SIZE;
        @SuppressWarnings("unused") // accessed through SIZE
        private volatile int size;

        static {
            try {
                SIZE = MethodHandles.lookup().findVarHandle(Shard.class, "size", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        Shard(boolean shared) {
            this.shared = shared;
            table[slot(OVERFLOW_ROUTE, OTHER_METHOD, 0)] = overflow;
        }

        Series find(String route, int method, int status) {
            int mask = TABLE - 1;
            for (int i = slot(route, method, status), probes = 0; probes < TABLE; i = (i + 1) & mask, probes++) {
                Series series = (Series) SLOTS.getAcquire(table, i);
                if (series == null) {
                    Series added = add(i, route, method, status);
                    if (added != null) {
                        return added;
                    }
                    series = (Series) SLOTS.getAcquire(table, i); // another thread filled the slot: look at it
                }
                if (series.is(route, method, status)) {
                    return series;
                }
            }
            return overflow;
        }

        /** Puts a new series in empty slot {@code i}; null when another thread took the slot first. */
        private Series add(int i, String route, int method, int status) {
            if ((int) SIZE.getOpaque(this) >= MAX_SERIES) {
                return overflow;
            }
            Series series = new Series(route, method, status);
            if (shared) {
                if (!SLOTS.compareAndSet(table, i, null, series)) {
                    return null;
                }
                SIZE.getAndAdd(this, 1);
            } else {
                SLOTS.setRelease(table, i, series);
                SIZE.setOpaque(this, (int) SIZE.getOpaque(this) + 1);
            }
            return series;
        }

        void addTo(Map<Key, long[]> totals) {
            for (int i = 0; i < TABLE; i++) {
                Series series = (Series) SLOTS.getAcquire(table, i);
                if (series == null) {
                    continue;
                }
                long[] cells = new long[CELLS];
                for (int c = 0; c < CELLS; c++) {
                    cells[c] = (long) LONGS.getOpaque(series.cells, c);
                }
                if (count(cells) == 0) {
                    continue; // the overflow series before any use, or one just added and not yet counted
                }
                long[] sum = totals.computeIfAbsent(new Key(series.route, series.method, series.status),
                        k -> new long[CELLS]);
                for (int c = 0; c < CELLS; c++) {
                    sum[c] += cells[c];
                }
            }
        }

        private static int slot(String route, int method, int status) {
            int h = route.hashCode() * 31 + method; // a String caches its hash: no work after the first
            h = h * 1009 + status;
            h ^= h >>> 16;
            return h & (TABLE - 1);
        }
    }

    /** One (route, method, status): its cells are the duration sum and the per-bucket counts. */
    private static final class Series {
        final String route;
        final int method;
        final int status;
        final long[] cells = new long[CELLS];

        Series(String route, int method, int status) {
            this.route = route;
            this.method = method;
            this.status = status;
        }

        boolean is(String route, int method, int status) {
            // Router templates are the same String each time: == decides at once; equals covers equal copies.
            return this.status == status && this.method == method && (this.route == route || this.route.equals(route));
        }

        void record(boolean shared, long nanos) {
            int bucket = BUCKET0 + BOUNDS_NANOS.length;
            for (int i = 0; i < BOUNDS_NANOS.length; i++) {
                if (nanos <= BOUNDS_NANOS[i]) {
                    bucket = BUCKET0 + i;
                    break;
                }
            }
            if (shared) {
                LONGS.getAndAdd(cells, SUM, nanos);
                LONGS.getAndAdd(cells, bucket, 1L);
            } else { // this shard's only writer: plain read, opaque store (no read-modify-write)
                LONGS.setOpaque(cells, SUM, (long) LONGS.getOpaque(cells, SUM) + nanos);
                LONGS.setOpaque(cells, bucket, (long) LONGS.getOpaque(cells, bucket) + 1);
            }
        }
    }

    /** A series' labels, the same across shards. */
    private record Key(String route, int method, int status) implements Comparable<Key> {
        String[] labels() {
            return new String[] {METHOD_LABELS[method], route, Integer.toString(status)};
        }

        @Override
        public int compareTo(Key other) {
            int c = route.compareTo(other.route);
            if (c == 0) {
                c = Integer.compare(method, other.method);
            }
            return c != 0 ? c : Integer.compare(status, other.status);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.method == method && k.status == status && Objects.equals(k.route, route);
        }

        @Override
        public int hashCode() {
            return Objects.hash(route, method, status);
        }
    }
}
