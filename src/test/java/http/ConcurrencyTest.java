package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** Many clients at once against four workers: every answer belongs to its own request, no thread is added. */
class ConcurrencyTest {
    private static final int CLIENTS = 64;
    private static final int REQUESTS = 500;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sixtyFourKeepAliveClientsGetTheirOwnAnswers(IoMode io) throws Exception {
        Handler echoTarget = (request, response) -> response.contentType(ContentType.TEXT_PLAIN)
                .body(request.target());
        try (TestServer server = TestServer.start(io, echoTarget, o -> o.workers(4))) {
            Set<String> threadsBefore = skepThreads();
            assertEquals(6, threadsBefore.size(), "T0, four workers and the slow-handler watchdog: " + threadsBefore);
            Set<String> threadsDuring = ConcurrentHashMap.newKeySet();
            AtomicInteger answered = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int client = 0; client < CLIENTS; client++) {
                    int id = client;
                    done.add(clients.submit(() -> {
                        try (RawClient c = server.connect()) {
                            for (int i = 0; i < REQUESTS; i++) {
                                String target = "/client" + id + "/request" + i + "?q=" + (id * REQUESTS + i);
                                RawClient.Response r = c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                                assertEquals(200, r.status());
                                assertEquals(target, r.text());
                                answered.incrementAndGet();
                                if (i % 100 == 0) {
                                    threadsDuring.addAll(skepThreads());
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(CLIENTS * REQUESTS, answered.get());
            assertEquals(threadsBefore, threadsDuring, "the server's threads stay the same under load");
            assertEquals(threadsBefore, skepThreads());
            server.awaitNoConnections();
        }
        assertTrue(skepThreads().isEmpty(), "stop ends every server thread: " + skepThreads());
    }

    private static Set<String> skepThreads() {
        Set<String> names = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("skep-") && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
