package metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import route.Router;
import support.Backends;
import support.Promtool;
import support.RawClient;
import support.TestServer;

/**
 * Several clients hammer routed, blocking (shared shard) and unrouted requests while a scraper scrapes all the
 * time: every scrape is consistent (buckets, +Inf, counts), counts never go down, and the totals at the end
 * are exact.
 */
class MetricsConcurrencyTest {
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 300; // each round: 3 requests

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void totalsAreExactUnderConcurrentRequestsAndScrapes(IoMode io) throws Exception {
        HttpMetrics metrics = new HttpMetrics(2);
        Router router = new Router();
        router.get("/items/{id}", (request, response) -> response.body("item"));
        router.get("/block/{id}", (request, response) -> response.status(202).body("blocked")).blocking();
        MetricsHandler handler = new MetricsHandler(metrics);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        AtomicBoolean done = new AtomicBoolean();
        try (TestServer server = TestServer.start(io, router, o -> o.responseListener(metrics));
             TestServer admin = TestServer.start(io, handler, o -> o.workers(1))) {
            handler.bind(server.server);
            Future<Integer> scraper = pool.submit(() -> {
                int scrapes = 0;
                double last = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((!done.get() || scrapes == 0) && System.nanoTime() < deadline) {
                    Exposition scraped = MetricsServerTest.scrape(admin);
                    MetricsServerTest.assertHistogramsMatchCounts(scraped);
                    double total = scraped.total("http_server_requests_total");
                    assertTrue(total >= last, "a count went down: " + last + " then " + total);
                    last = total;
                    scrapes++;
                }
                return scrapes;
            });
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    try (RawClient raw = server.connect()) {
                        for (int i = 0; i < ROUNDS; i++) {
                            assertEquals(200, raw.send("GET /items/" + client + "-" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                            assertEquals(202, raw.send("GET /block/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                            assertEquals(404, raw.send("GET /missing/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            assertTrue(scraper.get(120, TimeUnit.SECONDS) > 0);
            Exposition end = MetricsServerTest.scrape(admin);
            int each = CLIENTS * ROUNDS;
            assertEquals(each, end.get("http_server_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"}"));
            assertEquals(each, end.get("http_server_requests_total{method=\"GET\",route=\"/block/{id}\",status=\"202\"}"));
            assertEquals(each, end.get("http_server_requests_total{method=\"GET\",route=\"\",status=\"404\"}"));
            assertEquals(3 * each, end.total("http_server_requests_total"));
            MetricsServerTest.assertHistogramsMatchCounts(end);
            assertNull(Promtool.find() == null ? null : Promtool.check(end.text), end.text);
        } finally {
            done.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
