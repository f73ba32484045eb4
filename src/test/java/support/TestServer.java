package support;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import http.HelloApp;
import http.HttpServer;
import http.Handler;
import http.ServerOptions;
import platform.IoMode;

/** A server on 127.0.0.1, on a free port, for one test. */
public final class TestServer implements AutoCloseable {
    public final HttpServer server;

    private TestServer(HttpServer server) {
        this.server = server;
    }

    public static TestServer start(IoMode io) throws IOException {
        return start(io, new HelloApp(), options -> { });
    }

    /** Starts a server on {@code io}; the calling test is skipped (and says why) where that backend is missing. */
    public static TestServer start(IoMode io, Handler handler, Consumer<ServerOptions> tweak) throws IOException {
        Backends.assumeAvailable(io);
        ServerOptions options = new ServerOptions().host("127.0.0.1").port(0).workers(2).io(io)
                .shutdownTimeout(Duration.ofSeconds(2));
        tweak.accept(options);
        return new TestServer(HttpServer.start(options, handler));
    }

    public int port() {
        return server.port();
    }

    public RawClient connect() throws IOException {
        return new RawClient(port());
    }

    /** Waits (bounded) until the server holds no connection, e.g. after clients closed theirs. */
    public void awaitNoConnections() {
        Await.until("connections to close (open: " + server.connections() + ")", () -> server.connections() == 0);
    }

    @Override
    public void close() {
        server.close();
    }
}
