package metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.HelloApp;
import http.ServerOptions;
import platform.IoMode;
import route.Router;
import support.Backends;
import support.ServerThreads;
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
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] response = new byte[RESPONSE_LENGTH];
            for (int round = 0; round < 5; round++) {
                exchange(in, out, response, REQUESTS); // warm-up: interpreter and C1 allocate; C2 must not
            }
            long before = ServerThreads.allocatedBytes();
            exchange(in, out, response, REQUESTS);
            long allocated = ServerThreads.allocatedBytes() - before;
            double perRequest = (double) allocated / REQUESTS;
            System.out.printf("%s, routed with metrics: server allocated %.1f bytes per request%n", io, perRequest);
            assertTrue(perRequest <= MAX_BYTES_PER_REQUEST,
                    "server allocated " + allocated + " bytes for " + REQUESTS + " requests: " + perRequest + " per request");
            PrometheusText text = new PrometheusText();
            metrics.writeTo(text);
            Exposition scraped = new Exposition(text.toString());
            assertEquals(6 * REQUESTS,
                    scraped.get("http_server_requests_total{method=\"GET\",route=\"/plaintext\",status=\"200\"}"),
                    "every request counted");
        }
    }

    private static void exchange(InputStream in, OutputStream out, byte[] response, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            out.write(REQUEST);
            if (in.readNBytes(response, 0, response.length) != response.length) {
                throw new IOException("short response");
            }
        }
    }
}
