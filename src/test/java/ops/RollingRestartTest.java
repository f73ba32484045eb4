package ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import bench.Wrk;
import bench.WrkResult;
import platform.IoMode;
import support.Backends;

/**
 * Three Skep processes behind a real nginx (deploy/nginx/skep-lb.conf) under wrk load through nginx: each
 * back end in turn gets SIGTERM, exits 0 and is started again on its port, and the client sees no socket
 * error and no non-2xx answer; then one is killed with SIGKILL mid-load, and nginx's retries of the GETs it
 * was answering still leave the client nothing to see. Skipped (with why) without nginx or wrk
 * (scripts/test-tools.sh installs both).
 */
class RollingRestartTest {
    private static final int BACKENDS = 3;
    private static final int CONNECTIONS = 32;

    @TempDir
    Path dir;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyBackEndRestartedInTurnUnderLoadCostsTheClientNothing(IoMode io) throws Exception {
        // 30 s on epoll (Linux's backend, the one run in production), 25 s on nio (time for its three restarts
        // on a slow machine, about 4 s each here)
        Duration load = Duration.ofSeconds(io == IoMode.EPOLL ? 30 : 25);
        try (LocalCluster cluster = start(io)) {
            Wrk wrk = Wrk.find(dir);
            long begin = System.nanoTime();
            CompletableFuture<WrkResult> result = load(wrk, cluster, load);
            List<String> restarts = new ArrayList<>();
            pauseUntil(begin, load.dividedBy(6), result); // the load first runs on all three
            for (int i = 0; i < cluster.size(); i++) {
                double stopAt = seconds(begin);
                assertEquals(0, cluster.terminate(i),
                        "back end " + i + " exits 0 after SIGTERM; its log:\n" + cluster.backendLog(i));
                double exitedAt = seconds(begin);
                cluster.restart(i);
                restarts.add(String.format("%d: SIGTERM at %.1f s, exited at %.1f s, listening again at %.1f s", i,
                        stopAt, exitedAt, seconds(begin)));
                // a second for nginx to send it traffic again before the next one goes (its fail_timeout is 3 s)
                pauseUntil(System.nanoTime(), Duration.ofSeconds(1), result);
            }
            boolean restartsDuringLoad = !result.isDone();
            WrkResult r = await(result, load);
            report("rolling restart, io=" + io, r, cluster, String.join("; ", restarts));
            assertTrue(restartsDuringLoad, "every restart was done while wrk was still running: " + restarts);
            assertClientSawNothing(r);
        }
    }

    /**
     * SIGKILL gives nginx no warning: the requests the back end was answering are reset. nginx retries them
     * on another back end (they are GETs: proxy_next_upstream error), and then leaves the dead one out after
     * max_fails refused connections, so the client still sees no error and no non-2xx answer.
     */
    @Test
    void aBackEndKilledMidLoadCostsTheClientNothingNginxRetriesItsGets() throws Exception {
        IoMode io = Backends.all().getFirst();
        Duration load = Duration.ofSeconds(15);
        try (LocalCluster cluster = start(io)) {
            Wrk wrk = Wrk.find(dir);
            long begin = System.nanoTime();
            CompletableFuture<WrkResult> result = load(wrk, cluster, load);
            pauseUntil(begin, load.dividedBy(3), result);
            cluster.kill(1);
            double killedAt = seconds(begin);
            pauseUntil(begin, load.multipliedBy(2).dividedBy(3), result);
            cluster.restart(1); // and back, so the end of the load shows it taken in again
            boolean duringLoad = !result.isDone();
            WrkResult r = await(result, load);
            String errors = cluster.errorLog();
            String deadPort = "127.0.0.1:" + cluster.port(1);
            long refused = errors.lines().filter(l -> l.contains("Connection refused") && l.contains(deadPort)).count();
            long reset = errors.lines().filter(l -> l.contains(deadPort) && !l.contains("Connection refused")
                    && !l.contains("temporarily disabled")).count();
            long disabled = errors.lines().filter(l -> l.contains("temporarily disabled")).count();
            report("SIGKILL, io=" + io, r, cluster, String.format(
                    "killed at %.1f s; nginx error log for %s: %d refused connects, %d other failures (reset or"
                            + " closed mid-answer), %d 'temporarily disabled'", killedAt, deadPort, refused, reset,
                    disabled));
            assertTrue(duringLoad, "the kill and the restart were done while wrk was still running");
            assertTrue(refused + reset > 0, "nginx saw the dead back end fail (else the kill proved nothing):\n"
                    + errors);
            assertClientSawNothing(r);
        }
    }

    private LocalCluster start(IoMode io) throws IOException, InterruptedException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "signals to processes: Linux only");
        Backends.assumeAvailable(io);
        String nginx = LocalCluster.findNginx();
        assumeTrue(nginx != null, "nginx is needed: install it with 'apt-get install nginx' (scripts/test-tools.sh"
                + " does, as root)");
        assumeTrue(Wrk.find(dir) != null, Wrk.INSTALL_HINT);
        return LocalCluster.start(dir, io, BACKENDS, nginx);
    }

    private static CompletableFuture<WrkResult> load(Wrk wrk, LocalCluster cluster, Duration load) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return wrk.run(cluster.url(), 2, CONNECTIONS, load, 1, false, List.of());
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Waits until {@code offset} after {@code begin} (pacing the restarts within the load, not syncing). */
    private static void pauseUntil(long begin, Duration offset, CompletableFuture<WrkResult> result)
            throws InterruptedException {
        long left = begin + offset.toNanos() - System.nanoTime();
        if (left > 0 && !result.isDone()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static WrkResult await(CompletableFuture<WrkResult> result, Duration load) throws Exception {
        // Wrk.run has its own bound (the load + 30 s); this one only keeps a broken future from hanging the suite
        return result.get(load.toSeconds() + 60, TimeUnit.SECONDS);
    }

    private static void report(String what, WrkResult r, LocalCluster cluster, String detail) throws IOException {
        List<String> retried = cluster.retried();
        System.out.printf("%s: %d requests, %.0f/s, p99 %.1f ms, max %.1f ms; socket errors: connect %d, read %d,"
                        + " write %d, timeout %d; non-2xx/3xx %d; nginx retried %d request(s) on another back end;"
                        + " %s%n", what, r.requests(), r.requestsPerSecond(), r.p99() / 1000, r.latencyMax() / 1000,
                r.connectErrors(), r.readErrors(), r.writeErrors(), r.timeouts(), r.statusErrors(), retried.size(),
                detail);
        retried.stream().limit(3).forEach(line -> System.out.println("  retried: " + line));
        // nginx's error log, by cause: why it tried another back end
        Map<String, Long> causes = new TreeMap<>();
        for (String line : cluster.errorLog().lines().toList()) {
            int at = line.indexOf("] ");
            String cause = line.substring(at < 0 ? 0 : at + 2).replaceAll("^\\d+#\\d+: \\*\\d+ ", "")
                    .replaceAll(", client: .*", "").replaceAll("127\\.0\\.0\\.1:\\d+", "ADDR");
            causes.merge(cause, 1L, Long::sum);
        }
        causes.forEach((cause, count) -> System.out.println("  nginx error log: " + count + " x " + cause));
    }

    private static void assertClientSawNothing(WrkResult r) {
        assertTrue(r.requests() > 1000, "wrk got answers at all: " + r);
        assertEquals(0, r.socketErrors(), "socket errors (connect, read, write, timeout): " + r);
        // the Lua script counts answers >= 400 (wrk's own rule); nginx's failures are 502/503/504, and the hello
        // application answers GET / with 200, so any non-2xx here would be one of them
        assertEquals(0, r.statusErrors(), "non-2xx answers: " + r);
    }
}
