package kv.app;

import http.ServerOptions;
import kv.store.Store;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the key-value store: {@code java -cp ... kv.app.Main [PORT]} (8080 by default; 0 picks a free one).
 * Stops gracefully on Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    /** Starts the server and waits until the JVM is asked to stop. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        KvServer server = KvServer.start(new ServerOptions().host("0.0.0.0").port(port), new Store());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("kv-store listening on http://localhost:" + server.port() + "/");
        stopped.await();
    }
}
