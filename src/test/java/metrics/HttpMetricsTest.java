package metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import http.ParsedRequests;
import http.Request;

/** {@link HttpMetrics} fed directly (no socket): labels, buckets, shards summed, the series bound, races. */
class HttpMetricsTest {
    private static final String[] NONE = {};
    private static final long MS = 1_000_000L;

    private static Request request(String method, String path, String template) {
        Request request = ParsedRequests.of(method, path, "");
        if (template != null) {
            request.routed(template, NONE, NONE);
        }
        return request;
    }

    private static Exposition scrape(HttpMetrics metrics) {
        PrometheusText out = new PrometheusText();
        metrics.writeTo(out);
        return new Exposition(out.toString());
    }

    private static String series(String method, String route, int status) {
        return "{method=\"" + method + "\",route=\"" + route + "\",status=\"" + status + "\"}";
    }

    @Test
    void labelsTheNineMethodsAndOtherAndTheTemplateOrNothing() {
        HttpMetrics metrics = new HttpMetrics(1);
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "BREW")) {
            metrics.responded(0, request(method, "/a/1", "/a/{id}"), 200, 0, 0, MS);
        }
        metrics.responded(0, request("GET", "/nothing", null), 404, 0, 0, MS);
        Exposition scraped = scrape(metrics);
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "_OTHER")) {
            assertEquals(1, scraped.get("http_server_requests_total" + series(method, "/a/{id}", 200)), method);
        }
        assertEquals(1, scraped.get("http_server_requests_total" + series("GET", "", 404)));
        assertFalse(scraped.text.contains("BREW") || scraped.text.contains("/a/1"), scraped.text);
    }

    @Test
    void putsEachDurationInTheFirstBucketItFitsAndSumsSeconds() {
        HttpMetrics metrics = new HttpMetrics(1);
        Request request = request("GET", "/x", "/x");
        metrics.responded(0, request, 200, 0, 1000, 1000 + 5 * MS);      // exactly 0.005: le="0.005"
        metrics.responded(0, request, 200, 0, 1000, 1000 + 5 * MS + 1);  // just above: le="0.01"
        metrics.responded(0, request, 200, 0, 0, 11_000 * MS);           // above 10 s: only +Inf
        Exposition scraped = scrape(metrics);
        String labels = "{method=\"GET\",route=\"/x\",status=\"200\",le=";
        assertEquals(1, scraped.get("http_server_request_duration_seconds_bucket" + labels + "\"0.005\"}"));
        assertEquals(2, scraped.get("http_server_request_duration_seconds_bucket" + labels + "\"0.01\"}"));
        assertEquals(2, scraped.get("http_server_request_duration_seconds_bucket" + labels + "\"10\"}"));
        assertEquals(3, scraped.get("http_server_request_duration_seconds_bucket" + labels + "\"+Inf\"}"));
        assertEquals(11.010000001, scraped.get("http_server_request_duration_seconds_sum" + series("GET", "/x", 200)), 1e-9);
    }

    @Test
    void sumsTheShardsPerSeriesAndEqualTemplatesFromDifferentStrings() {
        HttpMetrics metrics = new HttpMetrics(2);
        metrics.responded(0, request("GET", "/u/1", "/u/{id}"), 200, 0, 0, MS);
        metrics.responded(1, request("GET", "/u/2", new String("/u/{id}")), 200, 0, 0, MS);
        metrics.responded(2, request("GET", "/u/3", "/u/{id}"), 200, 0, 0, MS);
        metrics.responded(2, request("GET", "/u/3", new String("/u/{id}")), 200, 0, 0, MS);
        Exposition scraped = scrape(metrics);
        assertEquals(4, scraped.get("http_server_requests_total" + series("GET", "/u/{id}", 200)));
        assertEquals(4, scraped.total("http_server_requests_total"), "one series, once");
    }

    @Test
    void countsSeriesBeyondTheBoundInOneOverflowSeries() {
        HttpMetrics metrics = new HttpMetrics(1);
        int beyond = 5;
        for (int i = 0; i < HttpMetrics.MAX_SERIES + beyond; i++) {
            metrics.responded(0, request("GET", "/r", "/r" + i), 200, 0, 0, MS);
        }
        metrics.responded(0, request("GET", "/r", "/r0"), 200, 0, 0, MS); // an existing series still counts as itself
        Exposition scraped = scrape(metrics);
        assertEquals(2, scraped.get("http_server_requests_total" + series("GET", "/r0", 200)));
        assertEquals(beyond, scraped.get("http_server_requests_total" + series("_OTHER", "_other", 0)));
        assertEquals(HttpMetrics.MAX_SERIES + beyond + 1, scraped.total("http_server_requests_total"));
        assertEquals(HttpMetrics.MAX_SERIES + 1,
                scraped.samples.keySet().stream().filter(k -> k.startsWith("http_server_requests_total{")).count());
    }

    @Test
    void theSharedShardLosesNoCountUnderRacingThreads() throws Exception {
        int threads = 4;
        int perThread = 100_000;
        int routes = 8;
        HttpMetrics metrics = new HttpMetrics(2);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    Request[] requests = new Request[routes];
                    for (int r = 0; r < routes; r++) {
                        requests[r] = request("GET", "/s", new String("/s/" + r)); // equal, not identical, templates
                    }
                    start.await();
                    for (int i = 0; i < perThread; i++) { // all race to add the same new series, then to count
                        metrics.responded(2, requests[i % routes], 200, 0, 0, (i % 3) * 20 * MS);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        Exposition scraped = scrape(metrics);
        for (int r = 0; r < routes; r++) {
            assertEquals(threads * perThread / routes, scraped.get("http_server_requests_total" + series("GET", "/s/" + r, 200)));
        }
        assertEquals(threads * perThread, scraped.total("http_server_requests_total"), "one series per route");
        MetricsServerTest.assertHistogramsMatchCounts(scraped);
    }
}
