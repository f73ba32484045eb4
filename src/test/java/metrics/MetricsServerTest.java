package metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.Deferred;
import http.HelloApp;
import http.ResponseListener;
import http.ServerStats.Timeout;
import http.Timeouts;
import platform.IoMode;
import route.Router;
import support.Await;
import support.Backends;
import support.Promtool;
import support.RawClient;
import support.TestServer;

/**
 * A real server with {@link HttpMetrics} as its response listener, scraped through {@link MetricsHandler} on
 * an admin server of its own: exact counts per (method, route template, status), histograms, ServerStats.
 */
class MetricsServerTest {
    private static final String REQUESTS = "http_server_requests_total";
    private static final String DURATION = "http_server_request_duration_seconds";

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static String series(String method, String route, int status) {
        return "{method=\"" + method + "\",route=\"" + route + "\",status=\"" + status + "\"}";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void countsEachResponseByMethodRouteTemplateAndStatus(IoMode io) throws Exception {
        HttpMetrics metrics = new HttpMetrics(2);
        Set<Integer> shards = ConcurrentHashMap.newKeySet();
        ResponseListener listener = (shard, request, status, bodyBytes, start, end) -> {
            shards.add(shard);
            metrics.responded(shard, request, status, bodyBytes, start, end);
        };
        AtomicReference<Deferred> pending = new AtomicReference<>();
        Router router = new Router();
        router.get("/users/{id}", (request, response) -> response.body("user " + request.param("id")));
        router.post("/users/{id}", (request, response) -> response.status(201).body("made"));
        router.get("/slow/{id}", (request, response) -> {
            Thread.sleep(30); // a blocking handler: answered from its virtual thread, shard == workers
            response.body("slow");
        }).blocking();
        router.get("/wait", (request, response) -> pending.set(response.defer()));
        MetricsHandler handler = new MetricsHandler(metrics);
        try (TestServer server = TestServer.start(io, router, o -> o.workers(2).responseListener(listener).measureBusyTime(true));
             TestServer admin = TestServer.start(io, handler, o -> o.workers(1))) {
            try (RawClient admin1 = admin.connect()) {
                assertEquals(503, admin1.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").read().status(),
                        "before bind: the server to report on does not exist yet");
            }
            handler.bind(server.server);
            try (RawClient client = server.connect()) {
                for (int id = 1; id <= 3; id++) {
                    assertEquals(200, client.send("GET /users/" + id + " HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                }
                assertEquals(201, client.send("POST /users/7 HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi").read().status());
                assertEquals(404, client.send("GET /users HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                assertEquals(404, client.send("GET /nowhere/at/all HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                assertEquals(200, client.send("GET /slow/1 HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                assertEquals(200, client.send("GET /slow/2 HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            try (RawClient garbage = server.connect()) {
                assertEquals(400, garbage.send("\u0001\u0002 garbage\r\n\r\n").read().status());
            }
            try (RawClient waiting = server.connect()) {
                waiting.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n");
                Await.until("the deferred response to be pending", () -> pending.get() != null);
                Exposition during = scrape(admin);
                assertEquals(1, during.get("http_server_active_requests"), "the deferred request is in flight");
                assertTrue(pending.get().complete(response -> response.status(202).body("done")));
                assertEquals(202, waiting.read().status());
            }
            server.awaitNoConnections();
            Exposition after = scrape(admin);
            assertEquals(3, after.get(REQUESTS + series("GET", "/users/{id}", 200)));
            assertEquals(1, after.get(REQUESTS + series("POST", "/users/{id}", 201)));
            assertEquals(2, after.get(REQUESTS + series("GET", "", 404)), "no route matched: route \"\"");
            assertEquals(2, after.get(REQUESTS + series("GET", "/slow/{id}", 200)));
            assertEquals(1, after.get(REQUESTS + series("_OTHER", "", 400)), "a request the server could not read");
            assertEquals(1, after.get(REQUESTS + series("GET", "/wait", 202)));
            assertEquals(10, after.total(REQUESTS), "nothing else counted");
            assertFalse(after.text.contains("/users/1") || after.text.contains("/slow/2"), "raw paths never appear");
            assertTrue(shards.contains(-1), "the blocking handler's responses came through shard -1: " + shards);
            assertHistogramsMatchCounts(after);
            assertTrue(after.get(DURATION + "_sum" + series("GET", "/slow/{id}", 200)) >= 0.06,
                    "two 30 ms sleeps are in the duration sum");
            assertEquals(0, after.get("http_server_active_requests"));
            assertEquals(3, after.get("skep_connections_accepted_total"));
            assertEquals(0, after.get("skep_connections_open"));
            assertEquals(0, after.get("skep_accept_errors_total"));
            assertEquals(0, after.get("skep_queue_depth"));
            assertTrue(after.get("skep_worker_busy_seconds_total{worker=\"0\"}")
                    + after.get("skep_worker_busy_seconds_total{worker=\"1\"}") > 0, "busy time is measured");
            for (String kind : List.of("header", "body", "keep_alive", "write", "handler")) {
                assertEquals(0, after.get("skep_timeouts_total{kind=\"" + kind + "\"}"));
            }
            assertEquals(0, after.get("skep_refused_for_memory_total"));
            assertTrue(after.get("jvm_memory_heap_used_bytes") > 0);
            assertTrue(after.get("process_uptime_seconds") > 0);
            assertNull(Promtool.check(after.text), after.text);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void bytesInAndOutAreCountedExactly(IoMode io) throws Exception {
        MetricsHandler handler = new MetricsHandler(null);
        // Busy time measured (as with --admin-port): the server counts bytes; see bytesAreNotCountedUnwatched.
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.measureBusyTime(true));
             TestServer admin = TestServer.start(io, handler, o -> o.workers(1))) {
            handler.bind(server.server);
            byte[] request = "GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            int received;
            try (RawClient client = server.connect()) {
                received = client.send(request).readToEnd().length;
            }
            server.awaitNoConnections();
            Exposition scraped = scrape(admin);
            assertEquals(request.length, scraped.get("skep_bytes_received_total"));
            assertEquals(received, scraped.get("skep_bytes_sent_total"));
            assertEquals(1, scraped.get("skep_connections_accepted_total"));
            assertFalse(scraped.text.contains(REQUESTS), "no HttpMetrics given: no request families");
        }
    }

    /** A server nobody watches (no listener, no busy time) does not count bytes: its hot path pays nothing. */
    @ParameterizedTest
    @MethodSource("backends")
    void bytesAreNotCountedUnwatched(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> { })) {
            try (RawClient client = server.connect()) {
                client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").readToEnd();
            }
            server.awaitNoConnections();
            assertFalse(server.server.stats().counting());
            assertEquals(0, server.server.stats().bytesReceived());
            assertEquals(0, server.server.stats().bytesSent());
            assertEquals(1, server.server.stats().connectionsAccepted(), "connections are always counted");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void timeoutsAreCountedByKind(IoMode io) throws Exception {
        Duration shortly = Duration.ofMillis(500);
        HttpMetrics metrics = new HttpMetrics(2);
        Router router = new Router();
        router.get("/never", (request, response) -> response.defer()); // never completed: the handler timeout
        router.post("/upload", (request, response) -> response.body("got " + request.bodyBytes().length));
        router.get("/big", (request, response) -> response.body(new byte[16 * 1024 * 1024]));
        router.get("/hello", new HelloApp());
        MetricsHandler handler = new MetricsHandler(metrics);
        try (TestServer server = TestServer.start(io, router, o -> o.responseListener(metrics)
                     .timeouts(new Timeouts(shortly, shortly, shortly, shortly)).handlerTimeout(shortly));
             TestServer admin = TestServer.start(io, handler, o -> o.workers(1))) {
            handler.bind(server.server);
            try (RawClient header = server.connect();
                 RawClient body = server.connect();
                 RawClient idle = server.connect();
                 RawClient handlerTimeout = server.connect();
                 RawClient slowReader = new RawClient(server.port(), 4096)) {
                header.send("GET /hello HTTP/1.1\r\nHost: t\r\n");
                body.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab");
                assertEquals(200, idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                handlerTimeout.send("GET /never HTTP/1.1\r\nHost: t\r\n\r\n");
                slowReader.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n"); // and never read
                assertEquals(408, header.read().status());
                assertEquals(408, body.read().status());
                assertEquals(503, handlerTimeout.read().status());
                assertTrue(idle.closedByServer(), "the idle keep-alive connection is closed");
                for (Timeout kind : Timeout.values()) {
                    Await.until(kind + " timeout counted", () -> server.server.stats().timeouts(kind) == 1);
                }
            }
            server.awaitNoConnections();
            Exposition scraped = scrape(admin);
            for (String kind : List.of("header", "body", "keep_alive", "write", "handler")) {
                assertEquals(1, scraped.get("skep_timeouts_total{kind=\"" + kind + "\"}"), kind);
            }
            assertEquals(1, scraped.get(REQUESTS + series("_OTHER", "", 408)), "the head never completed");
            assertEquals(1, scraped.get(REQUESTS + series("POST", "/upload", 408)), "the body never completed");
            assertEquals(1, scraped.get(REQUESTS + series("GET", "/never", 503)));
            assertNull(Promtool.check(scraped.text), scraped.text);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void servesOnlyGetAndHeadOfMetrics(IoMode io) throws Exception {
        MetricsHandler handler = new MetricsHandler(new HttpMetrics(1));
        try (TestServer server = TestServer.start(io);
             TestServer admin = TestServer.start(io, handler, o -> o.workers(1));
             RawClient client = admin.connect()) {
            handler.bind(server.server);
            handler.register(out -> out.counter("skep_access_log_dropped_total", "Lines dropped.").sample(4));
            RawClient.Response get = client.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(200, get.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", get.header("Content-Type"));
            assertTrue(get.text().contains("\nskep_access_log_dropped_total 4\n"), get.text());
            RawClient.Response head = client.send("HEAD /metrics HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertEquals(200, head.status());
            assertEquals(0, head.body().length);
            assertEquals(405, client.send("POST /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").read().status());
            assertEquals(404, client.send("GET /other HTTP/1.1\r\nHost: a\r\n\r\n").read().status());
        }
    }

    /** GET /metrics on the admin server. */
    static Exposition scrape(TestServer admin) throws Exception {
        try (RawClient client = admin.connect()) {
            RawClient.Response response = client.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertEquals(200, response.status(), response.text());
            return new Exposition(response.text());
        }
    }

    /** Per series: buckets never decrease, +Inf equals _count, and _count equals requests_total. */
    static void assertHistogramsMatchCounts(Exposition scraped) {
        for (Map.Entry<String, Double> entry : scraped.samples.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(REQUESTS + "{")) {
                continue;
            }
            String labels = key.substring(REQUESTS.length(), key.length() - 1); // without the closing brace
            double previous = 0;
            for (double bound : HttpMetrics.BUCKETS) {
                double bucket = scraped.get(DURATION + "_bucket" + labels + ",le=\"" + PrometheusText.format(bound) + "\"}");
                assertTrue(bucket >= previous, key + ": bucket " + bound + " below the one before");
                previous = bucket;
            }
            double inf = scraped.get(DURATION + "_bucket" + labels + ",le=\"+Inf\"}");
            assertTrue(inf >= previous);
            assertEquals(inf, scraped.get(DURATION + "_count" + labels + "}"), key);
            assertEquals(inf, entry.getValue(), key);
        }
    }
}
