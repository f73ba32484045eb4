package ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import http.Handler;
import http.HttpServer;
import http.Limits;
import http.Request;
import http.Response;
import http.ServerOptions;
import platform.IoMode;
import route.Router;

/**
 * The admin port: an {@link HttpServer} of its own (one worker, small limits, a few connections), apart
 * from the application's so that probes and scrapes never queue behind application traffic and the
 * application port serves only the application. Serves GET/HEAD {@code /livez} (200 "ok" while the process
 * serves), {@code /readyz} (200 "ready" when {@linkplain Readiness#isReady ready}, 503 "starting" or
 * "draining" otherwise) and {@code /metrics} (from the handler given, or 404 without one); anything else 404.
 */
public final class AdminServer implements AutoCloseable {
    /** The listen address used when none is given: the admin port is not for the outside world. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "ready\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STARTING = "starting\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DRAINING = "draining\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code host:port} (0: any free port) with the {@code io} backend and serves the endpoints
     * above; {@code metrics} answers {@code /metrics} (null: 404).
     */
    public static AdminServer start(String host, int port, IoMode io, Readiness readiness, Handler metrics)
            throws IOException {
        ServerOptions options = new ServerOptions().host(host).port(port).io(io).workers(1).backlog(16)
                .maxConnections(16)
                .limits(new Limits(1024, 8 * 1024, 32, 0))
                .maxBufferedBodies(0)
                .maxBufferMemory(4L * 1024 * 1024)
                .maxBlocking(2)
                .shutdownTimeout(Duration.ofSeconds(1));
        return new AdminServer(HttpServer.start(options, routes(readiness, metrics)));
    }

    static Router routes(Readiness readiness, Handler metrics) {
        Router router = new Router();
        router.get("/livez", (request, response) -> plain(response, 200, OK));
        router.get("/readyz", (request, response) -> {
            switch (readiness.state()) {
                case READY -> plain(response, 200, READY);
                case STARTING -> plain(response, 503, STARTING);
                case DRAINING -> plain(response, 503, DRAINING);
            }
        });
        if (metrics != null) {
            router.get("/metrics", metrics);
        }
        return router;
    }

    private static void plain(Response response, int status, byte[] body) {
        response.status(status).contentType("text/plain; charset=utf-8").header("Cache-Control", "no-store")
                .body(body);
    }

    /** The port the admin server listens on (the chosen one when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Stops the admin server (no drain: probes simply see it gone). Idempotent. */
    @Override
    public void close() {
        server.stop();
    }
}
