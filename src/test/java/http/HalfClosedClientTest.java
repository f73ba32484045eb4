package http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * A client that half-closes (shutdown(SHUT_WR)) and never reads its large response (DESIGN.md rule 13).
 * While the server waits to write, the peer's half-close is a condition that stays true: if the server asks
 * for it with write interest, the one-shot event re-fires right after every re-arm, each flush writes
 * nothing, and T0 plus a worker spin for ever, pushing the write deadline forward each time.
 */
class HalfClosedClientTest {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final byte[] BIG = new byte[8 * 1024 * 1024];

    static List<IoMode> backends() {
        return Backends.all();
    }

    /**
     * The stuck connection costs (almost) no CPU while it waits, and the write timeout closes it. Over ~2 s of
     * waiting the server's threads may use at most 10% of one core; a spinning server uses ~100% or more.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aHalfClosedClientThatNeverReadsCostsNoCpuAndIsClosedByTheWriteTimeout(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, (request, response) -> response.body(BIG),
                o -> o.timeouts(new Timeouts(LONG, LONG, LONG, WRITE_TIMEOUT)));
             RawClient c = new RawClient(server.port(), 4096)) {
            long sent = System.nanoTime();
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            c.socket.shutdownOutput();
            // The response fills both socket buffers at once; from then on the server can only wait.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            Map<Long, Long> before = serverCpu();
            long from = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500)); // the window measured, not a synchronisation
            long wall = System.nanoTime() - from;
            long used = cpuSince(before);
            assertTrue(used < wall / 10, "server threads used " + TimeUnit.NANOSECONDS.toMillis(used)
                    + " ms of CPU in " + TimeUnit.NANOSECONDS.toMillis(wall) + " ms while the client waited");
            server.awaitNoConnections(); // bounded (10 s): the write timeout, not the client, closes it
            long closedAfter = System.nanoTime() - sent;
            assertTrue(closedAfter >= WRITE_TIMEOUT.toNanos(),
                    "closed after " + TimeUnit.NANOSECONDS.toMillis(closedAfter) + " ms, before the write timeout");
        }
    }

    /** CPU time so far of every live skep-* thread, by thread id. */
    private static Map<Long, Long> serverCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("skep-")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    private static long cpuSince(Map<Long, Long> before) {
        long used = 0;
        for (Map.Entry<Long, Long> now : serverCpu().entrySet()) {
            Long then = before.get(now.getKey());
            if (then != null) {
                used += now.getValue() - then;
            }
        }
        return used;
    }
}
