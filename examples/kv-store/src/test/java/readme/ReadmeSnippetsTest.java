package readme;

import http.ContentType;
import files.StaticFiles;
import files.StaticFilesOptions;
import http.Deferred;
import http.HttpServer;
import http.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import platform.OpenFile;
import route.RouteGroup;
import route.Router;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code of README.md's "Embedding" section, compiled and run: the main project's ReadmeEmbeddingTest checks
 * that every Java block of that section appears here line for line, so the README cannot drift from the API.
 */
class ReadmeSnippetsTest {
    private static final Logger log = LoggerFactory.getLogger("access");

    static Router router(Path uploads) throws IOException {
        Router router = new Router();
        router.get("/hello", (request, response) -> response.body("Hello, World!"));
        router.get("/users/{id}", (request, response) -> response.body("user " + request.param("id")));
        router.get("/files/{path...}", (request, response) -> response.body("file " + request.param("path")));
        router.get("/search", (request, response) -> {
            String q = request.query("q");              // the first value, decoded; null when absent
            List<String> tags = request.queries("tag"); // every value, in order; empty when absent
            response.body("q=" + q + " tags=" + tags);
        });

        router.filter((request, response, chain) -> {   // every request, 404 and 405 answers too
            long start = System.nanoTime();
            chain.next(request, response);
            log.info("{} {} {} {} us", request.method(), request.route(), response.status(),
                    (System.nanoTime() - start) / 1000);
        });
        RouteGroup api = router.group("/api");
        api.filter((request, response, chain) -> {      // only the routes of this group
            if (request.header("Authorization") == null) {
                response.status(401).body("log in first");
                return;
            }
            chain.next(request, response);
        });
        api.get("/me", (request, response) -> response.body("you, from " + request.remoteAddress()));

        router.get("/price/{symbol}", (request, response) -> {
            String symbol = request.param("symbol");    // read it now: the request is reused later
            Deferred answer = response.defer();         // the handler returns; the worker moves on
            lookUpPrice(symbol).thenAccept(price ->     // completed later, from any thread
                    answer.complete(r -> r.body(symbol + " " + price)));
        });

        router.put("/uploads/{name}", (request, response) -> {
            String name = request.param("name");
            if (!name.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)?")) {
                response.status(400).body("bad file name");
                return;
            }
            try (InputStream body = request.bodyStream()) { // as it arrives (100-continue at the first read)
                Files.copy(body, uploads.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            response.status(201).body("stored " + Files.size(uploads.resolve(name)) + " bytes");
        }).blocking();                                  // runs on a virtual thread: it may block

        router.get("/uploads/{name}", (request, response) -> {
            Path file = uploads.resolve(request.param("name")).normalize(); // "{name}" may decode to "../x"
            if (!file.getParent().equals(uploads) || !Files.isRegularFile(file)) {
                response.status(404);
                return;
            }
            // A known length: Content-Length, and the file is read only as fast as the client takes it.
            response.contentType(ContentType.OCTET_STREAM).body(FileChannel.open(file), Files.size(file));
        });
        router.get("/numbers", (request, response) -> {
            InputStream numbers = numbersUpTo(100_000);  // any InputStream; closed by the server when done
            response.contentType(ContentType.TEXT_PLAIN).body(numbers, -1); // unknown length: chunked
        });

        router.get("/uploads/{name}/head", (request, response) -> {
            Path file = uploads.resolve(request.param("name")).normalize(); // "{name}" may decode to "../x"
            if (!file.getParent().equals(uploads) || !Files.isRegularFile(file)) {
                response.status(404);
                return;
            }
            OpenFile open = request.openFile(file);      // closed by the server once sent
            response.contentType(ContentType.TEXT_PLAIN).body(open, 0, Math.min(10, open.size())); // the first 10 bytes
        });
        StaticFiles assets = new StaticFiles(StaticFilesOptions.of(uploads).withCacheControl("max-age=60"));
        router.get("/assets/{path...}", assets);        // GET /assets/hive.txt is uploads/hive.txt

        router.get("/clock", (request, response) -> {
            response.contentType("text/event-stream").header("Cache-Control", "no-cache");
            OutputStream out = response.outputStream(); // a body of unknown length, sent as it is written
            for (int i = 0; i < 3; i++) {
                out.write(("data: " + Instant.now() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();                            // this event, now
                Thread.sleep(1000);
            }
        }).blocking();
        return router;
    }

    static CompletableFuture<String> lookUpPrice(String symbol) {
        return CompletableFuture.supplyAsync(() -> "42.00", CompletableFuture.delayedExecutor(50,
                java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    static InputStream numbersUpTo(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append(i).append('\n');
        }
        return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everySnippetAnswers(@TempDir Path uploads) throws Exception {
        Router router = router(uploads.toRealPath());
        ServerOptions options = new ServerOptions().host("127.0.0.1").port(0).workers(2); // 0: any free port
        try (HttpServer server = HttpServer.start(options, router)) {
            System.out.println("listening on port " + server.port());
            untilDone(server.port());                   // here: the test's requests
        } // close(): stops accepting, lets requests in flight finish (up to shutdownTimeout), closes
    }

    private static void untilDone(int port) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertEquals("Hello, World!", get(client, port, "/hello").body());
            assertEquals("user 42", get(client, port, "/users/42").body());
            assertEquals("file a/b.txt", get(client, port, "/files/a/b.txt").body());
            assertEquals("q=bee hive tags=[a, b]", get(client, port, "/search?q=bee%20hive&tag=a&tag=b").body());
            assertEquals(401, get(client, port, "/api/me").statusCode());
            HttpResponse<String> me = client.send(request(port, "/api/me").header("Authorization", "x").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(me.body().startsWith("you, from /127.0.0.1:"), me.body());
            assertEquals("ABC 42.00", get(client, port, "/price/ABC").body());

            HttpResponse<String> put = client.send(request(port, "/uploads/hive.txt").expectContinue(true)
                    .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, put.statusCode(), put.body());
            assertEquals("stored 100000 bytes", put.body());
            assertEquals(400, client.send(request(port, "/uploads/..").PUT(HttpRequest.BodyPublishers.ofString(""))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> download = get(client, port, "/uploads/hive.txt");
            assertEquals("x".repeat(100_000), download.body());
            assertEquals("100000", download.headers().firstValue("Content-Length").orElse(""));
            assertEquals("xxxxxxxxxx", get(client, port, "/uploads/hive.txt/head").body());
            HttpResponse<String> asset = get(client, port, "/assets/hive.txt");
            assertEquals("x".repeat(100_000), asset.body());
            assertEquals("max-age=60", asset.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(asset.headers().firstValue("ETag").isPresent());
            assertEquals(404, get(client, port, "/assets/../pom.xml").statusCode());
            HttpResponse<String> numbers = get(client, port, "/numbers");
            assertEquals("chunked", numbers.headers().firstValue("Transfer-Encoding").orElse(""));
            assertTrue(numbers.body().startsWith("1\n2\n") && numbers.body().endsWith("\n100000\n"));

            HttpResponse<String> clock = get(client, port, "/clock");
            assertEquals("text/event-stream", clock.headers().firstValue("Content-Type").orElse(""));
            assertEquals(3, clock.body().split("\n\n").length, clock.body());
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(request(port, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    }
}
