package accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.HelloApp;
import platform.IoMode;
import support.Await;
import support.Backends;
import support.RepeatingClient;
import support.ServerThreads;
import support.TestServer;

/**
 * With the access log on, keep-alive requests still allocate nothing on the server: the workers copy raw
 * bytes into preallocated slots and the writer ({@code skep-access-log}, counted with the server's threads)
 * formats into its own arrays. Lines carry a referer and a user agent, so those copies are measured too.
 */
class AccessLogAllocationTest {
    private static final int REQUESTS = 20_000;
    private static final long MAX_BYTES_PER_REQUEST = 8;
    private static final byte[] REQUEST = ("GET /plaintext?q=1 HTTP/1.1\r\nHost: t\r\nReferer: http://r.example/\r\n"
            + "User-Agent: bench/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void loggedRequestsAllocateNothing(IoMode io) throws Exception {
        for (AccessLogFormat format : AccessLogFormat.values()) {
            Path file = dir.resolve(io + "-" + format + ".log");
            try (AccessLog log = new AccessLog(new AccessLogOptions().file(file).format(format)
                    .queueCapacity(1 << 16));
                 TestServer server = TestServer.start(io, new HelloApp(), o -> o.responseListener(log));
                 RepeatingClient client = RepeatingClient.openLearningLength(server.port(), REQUEST)) {
                for (int round = 0; round < 5; round++) {
                    client.exchange(REQUESTS); // warm-up: let C2 compile the path
                }
                long expected = 1 + 5L * REQUESTS;
                Await.until("the warm-up's lines written", () -> log.written() == expected);
                Map<String, Long> b0 = perThread();
                long before = ServerThreads.allocatedBytes();
                client.exchange(REQUESTS);
                Await.until("the measured lines written", () -> log.written() == expected + REQUESTS);
                long allocated = ServerThreads.allocatedBytes() - before;
                StringBuilder byThread = new StringBuilder();
                perThread().forEach((name, bytes) ->
                        byThread.append(' ').append(name).append('=').append(bytes - b0.getOrDefault(name, 0L)));
                double perRequest = (double) allocated / REQUESTS;
                System.out.printf("%s, %s access log: server allocated %.1f bytes per request%n", io, format, perRequest);
                assertTrue(perRequest <= MAX_BYTES_PER_REQUEST,
                        format + ": allocated " + allocated + " bytes for " + REQUESTS + " requests:" + byThread);
                assertEquals(0, log.dropped());
            }
        }
    }

    /** Bytes allocated so far by each server thread, to say which one allocated when the test fails. */
    private static Map<String, Long> perThread() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("skep-")) {
                m.put(t.getName() + "#" + t.threadId(), mx.getThreadAllocatedBytes(t.threadId()));
            }
        }
        return m;
    }
}
