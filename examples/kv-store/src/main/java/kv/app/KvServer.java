package kv.app;

import http.HttpServer;
import http.ServerOptions;
import kv.store.Store;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The key-value store served over HTTP: {@link #start}, then {@link #close} to stop. */
public final class KvServer implements AutoCloseable {
    private final HttpServer server;
    private final ChangeFeed feed;
    private final ScheduledExecutorService timer;

    private KvServer(HttpServer server, ChangeFeed feed, ScheduledExecutorService timer) {
        this.server = server;
        this.feed = feed;
        this.timer = timer;
    }

    /** Serves {@code store} with {@code options} (host, port, workers, ...); returns once it accepts. */
    public static KvServer start(ServerOptions options, Store store) throws IOException {
        return start(options, store, KvRoutes.WATCH_MILLIS);
    }

    /** As {@link #start(ServerOptions, Store)}, with how long a long poll on a key waits (tests: short). */
    static KvServer start(ServerOptions options, Store store, long watchMillis) throws IOException {
        ChangeFeed feed = new ChangeFeed(store);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("kv-timer").daemon().factory());
        try {
            return new KvServer(HttpServer.start(options, KvRoutes.router(store, feed, timer, watchMillis)), feed, timer);
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    /** The port it listens on (the one picked when the options said 0). */
    public int port() {
        return server.port();
    }

    /** Ends the event streams, then stops the server gracefully (requests in flight finish). */
    @Override
    public void close() {
        feed.close();
        server.close();
        timer.shutdownNow();
    }
}
