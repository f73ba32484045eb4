package metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.HelloApp;
import http.ServerOptions;
import platform.IoMode;
import route.Router;
import support.Backends;
import support.RepeatingClient;
import support.TestServer;

/**
 * Recording a response allocates nothing once its series exists: the routed hello with {@link HttpMetrics} as
 * the response listener, over 20,000 keep-alive requests after a warm-up, allocates at most 8 bytes per
 * request on the server's threads (as http.AllocationTest asks of the server without it).
 */
class MetricsAllocationTest {
    private static final int REQUESTS = 20_000;
    private static final long MAX_BYTES_PER_REQUEST = 8;
    private static final byte[] REQUEST = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RESPONSE_LENGTH = ("HTTP/1.1 200 OK\r\nServer: skep\r\nDate: Mon, 23 Nov 2026 10:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!").length();

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void recordingAllocatesNothingOnceTheSeriesExists(IoMode io) throws Exception {
        HttpMetrics metrics = new HttpMetrics(2);
        Router router = new Router();
        router.get("/users/{id}", (request, response) -> response.body(request.param("id")));
        router.get("/plaintext", new HelloApp());
        try (TestServer server = TestServer.start(io, router, (ServerOptions o) -> o.responseListener(metrics));
             RepeatingClient client = RepeatingClient.open(server.port(), REQUEST, RESPONSE_LENGTH)) {
            double perRequest = client.allocatedPerRequest(5, REQUESTS);
            System.out.printf("%s, routed with metrics: server allocated %.1f bytes per request%n", io, perRequest);
            assertTrue(perRequest <= MAX_BYTES_PER_REQUEST,
                    "server allocated " + perRequest + " bytes per request over " + REQUESTS + " requests");
            PrometheusText text = new PrometheusText();
            metrics.writeTo(text);
            Exposition scraped = new Exposition(text.toString());
            assertEquals(6 * REQUESTS,
                    scraped.get("http_server_requests_total{method=\"GET\",route=\"/plaintext\",status=\"200\"}"),
                    "every request counted");
        }
    }
}
