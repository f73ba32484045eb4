package kv.app;

import http.ServerOptions;
import kv.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import platform.IoMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The key-value store over real sockets on 127.0.0.1, on both backends, one feature per test: routes with
 * path and query parameters and filters, a blocking upload, a streamed download, a deferred long poll, the
 * server-sent events feed, and a stop that does not wait for the feed's subscribers.
 */
class KvServerTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(BOUND).build();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private KvServer server;

    private void start(IoMode io, long watchMillis) throws IOException {
        try {
            server = KvServer.start(new ServerOptions().host("127.0.0.1").port(0).workers(2).io(io)
                    .shutdownTimeout(Duration.ofSeconds(30)), new Store(), watchMillis);
        } catch (UnsupportedOperationException e) {
            Assumptions.abort(io + " is not available here: " + e.getMessage());
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        readers.shutdownNow();
        client.close();
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"EPOLL", "NIO"})
    void putGetDeleteWithPathParametersAndFilters(IoMode io) throws Exception {
        start(io, KvRoutes.WATCH_MILLIS);
        HttpResponse<String> put = send("PUT", "/kv/a%2Fb", "caf\u00e9 \"1\"");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("{\"version\":1,\"key\":\"a/b\",\"value\":\"caf\u00e9 \\\"1\\\"\"}", put.body(),
                "%2F stays inside the {key} parameter, decoded");

        HttpResponse<String> get = send("GET", "/kv/a%2Fb", null);
        assertEquals(200, get.statusCode());
        assertEquals("application/json", get.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"key\":\"a/b\",\"value\":\"caf\u00e9 \\\"1\\\"\"}", get.body());
        assertEquals("no-store", get.headers().firstValue("Cache-Control").orElse(""), "the global filter ran");

        HttpResponse<String> head = send("HEAD", "/kv/a%2Fb", null);
        assertEquals(200, head.statusCode());
        assertEquals(get.headers().firstValue("Content-Length"), head.headers().firstValue("Content-Length"));

        assertEquals(204, send("DELETE", "/kv/a%2Fb", null).statusCode());
        HttpResponse<String> gone = send("GET", "/kv/a%2Fb", null);
        assertEquals(404, gone.statusCode());
        assertEquals("{\"error\":\"no such key\"}", gone.body());
        assertEquals(404, send("DELETE", "/kv/a%2Fb", null).statusCode());

        HttpResponse<String> longKey = send("GET", "/kv/" + "k".repeat(KvRoutes.MAX_KEY + 1), null);
        assertEquals(400, longKey.statusCode(), "the /kv group's filter refuses it before the handler");

        HttpResponse<String> noRoute = send("GET", "/nothing/here", null);
        assertEquals(404, noRoute.statusCode());
        assertEquals("no-store", noRoute.headers().firstValue("Cache-Control").orElse(""),
                "global filters run for 404 too");
        HttpResponse<String> wrongMethod = send("POST", "/kv/x", "v");
        assertEquals(405, wrongMethod.statusCode());
        String allow = wrongMethod.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("GET") && allow.contains("PUT") && allow.contains("DELETE"), allow);
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"EPOLL", "NIO"})
    void listsByPrefixAndLimitFromTheQuery(IoMode io) throws Exception {
        start(io, KvRoutes.WATCH_MILLIS);
        for (String key : List.of("user/2", "user/1", "team/1", "user/3")) {
            assertEquals(200, send("PUT", "/kv/" + key.replace("/", "%2F"), key).statusCode());
        }
        assertEquals("{\"entries\":[{\"key\":\"user/1\",\"value\":\"user/1\"},{\"key\":\"user/2\",\"value\":\"user/2\"}]}",
                send("GET", "/kv?prefix=user%2F&limit=2", null).body());
        assertEquals(4, count(send("GET", "/kv", null).body(), "\"key\""), "no prefix: everything");
        assertEquals("{\"entries\":[{\"key\":\"team/1\",\"value\":\"team/1\"}]}",
                send("GET", "/kv?prefix=te", null).body());
        assertEquals(400, send("GET", "/kv?limit=many", null).statusCode());
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"EPOLL", "NIO"})
    void blockingPutReadsTheBodyAsAStreamAndRefusesTooLargeOnes(IoMode io) throws Exception {
        start(io, KvRoutes.WATCH_MILLIS);
        String big = "v".repeat(KvRoutes.MAX_VALUE);
        HttpResponse<String> put = client.send(request("/kv/big").expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("{\"key\":\"big\",\"value\":\"" + big + "\"}", send("GET", "/kv/big", null).body());
        HttpResponse<String> tooBig = send("PUT", "/kv/big", big + "v");
        assertEquals(413, tooBig.statusCode(), tooBig.body());
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"EPOLL", "NIO"})
    void exportStreamsEveryEntryWithoutALength(IoMode io) throws Exception {
        start(io, KvRoutes.WATCH_MILLIS);
        int entries = 3000; // about 150 KB: several of the server's output buffers
        for (int i = 0; i < entries; i++) {
            assertEquals(200, send("PUT", "/kv/" + String.format("k%05d", i), "value " + i + " " + "x".repeat(20))
                    .statusCode());
        }
        HttpResponse<InputStream> export = client.send(request("/export").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, export.statusCode());
        assertEquals("application/x-ndjson", export.headers().firstValue("Content-Type").orElse(""));
        assertFalse(export.headers().firstValue("Content-Length").isPresent(), "a length the server did not know");
        assertEquals("chunked", export.headers().firstValue("Transfer-Encoding").orElse(""));
        List<String> lines;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(export.body(), StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        assertEquals(entries, lines.size());
        for (int i = 0; i < entries; i++) {
            assertEquals("{\"key\":\"" + String.format("k%05d", i) + "\",\"value\":\"value " + i + " "
                    + "x".repeat(20) + "\"}", lines.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"EPOLL", "NIO"})
    void longPollIsAnsweredByTheNextChangeOrByItsTimeout(IoMode io) throws Exception {
        start(io, 300);
        assertEquals(204, send("GET", "/kv/quiet/next", null).statusCode(), "no change within 300 ms");
        server.close();

        start(io, 60_000);
        CompletableFuture<HttpResponse<String>> next = client.sendAsync(request("/kv/w/next").build(),
                HttpResponse.BodyHandlers.ofString());
        // The watch starts when its request arrives, which the client does not tell: change the key until it
        // is answered (bounded), and check that the answer is one of those changes.
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (int i = 1; !next.isDone(); i++) {
            assertTrue(System.nanoTime() < deadline, "the long poll was not answered by a change");
            assertEquals(200, send("PUT", "/kv/w", "v" + i).statusCode());
            try {
                next.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // change it again
            }
        }
        HttpResponse<String> answer = next.get();
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().matches("\\{\"version\":\\d+,\"key\":\"w\",\"value\":\"v\\d+\"}"), answer.body());
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"EPOLL", "NIO"})
    void eventsFeedPushesEveryChangeAndStopDoesNotWaitForIt(IoMode io) throws Exception {
        start(io, KvRoutes.WATCH_MILLIS);
        HttpResponse<InputStream> events = client.send(request("/events").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, events.statusCode());
        assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            assertTrue(readUntil(in, ": subscribed").startsWith(": subscribed"));
            assertEquals(200, send("PUT", "/kv/bee", "buzz").statusCode());
            assertEquals("event: put", readUntil(in, "event:"));
            assertEquals("data: {\"version\":1,\"key\":\"bee\",\"value\":\"buzz\"}", readUntil(in, "data:"));
            assertEquals(204, send("DELETE", "/kv/bee", null).statusCode());
            assertEquals("event: delete", readUntil(in, "event:"));
            assertEquals("data: {\"version\":2,\"key\":\"bee\",\"value\":null}", readUntil(in, "data:"));

            long started = System.nanoTime();
            server.close(); // the feed ends its streams first: no wait for the 30 s shutdown timeout
            server = null;
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < 10_000, "stopping took " + millis + " ms with a subscriber connected");
            assertEquals(null, readUntil(in, "event:"), "the stream ended");
        }
    }

    /** The next line that starts with {@code prefix} (null at the end of the stream), within BOUND. */
    private String readUntil(BufferedReader in, String prefix) throws Exception {
        Future<String> line = readers.submit(() -> {
            for (String l; (l = in.readLine()) != null; ) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            return null;
        });
        try {
            return line.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            line.cancel(true);
            fail("no line starting with '" + prefix + "' within " + BOUND);
            return null;
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return client.send(request(path).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(BOUND);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
