package cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;

/**
 * A server started under a low descriptor limit meets EMFILE on accept: it logs, backs off without
 * spinning, keeps its threads, and serves again once descriptors are free.
 */
class DescriptorLimitTest {
    private static final int LIMIT = 80;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void runningOutOfDescriptorsCostsLittleCpuAndRecovers(IoMode io) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/proc/self")),
                "needs bash's ulimit and /proc (Linux)");
        Backends.assumeAvailable(io);
        // --max-connections above the descriptor limit, so that accept meets EMFILE
        Process server = serveUnderLimit(LIMIT, "--max-connections 1000 --io " + io.name().toLowerCase());
        List<Socket> clients = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(first));
            assertTrue(port.find(), "start-up line: " + first);
            int serverPort = Integer.parseInt(port.group(1));
            // One request first, as a running server has had: classes load lazily, and loading one from a
            // directory of class files needs a descriptor, which there will not be.
            try (RawClient warm = new RawClient(serverPort)) {
                assertEquals(200, warm.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            for (int i = 0; i < LIMIT + 40; i++) { // more than the server can hold: the rest wait in the backlog
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", serverPort), 10_000);
                s.getOutputStream().write('G'); // the start of a request: accepted at once, even with deferred accept
                clients.add(s);
            }
            String warning = out.readLine();
            assertTrue(warning != null && warning.contains("accept failed") && warning.contains("pausing"), warning);
            long threadsBefore = threads(server.pid());
            long cpuBefore = cpuTicks(server.pid());
            long start = System.nanoTime();
            Await.until("a second of descriptor starvation", () -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1));
            long cpu = cpuTicks(server.pid()) - cpuBefore; // clock ticks: 100 a second
            assertTrue(cpu < 30, "the server burnt " + cpu + " ticks in one second without descriptors");
            assertTrue(server.isAlive());
            assertEquals(4, threadsBefore, "T0, two workers and the slow-handler watchdog");
            assertEquals(threadsBefore, threads(server.pid()), "no thread died or was added");
            for (Socket s : clients) {
                s.close();
            }
            clients.clear();
            try {
                awaitAnswer(serverPort);
            } catch (AssertionError e) {
                server.toHandle().destroy();
                for (String more; (more = out.readLine()) != null; ) {
                    System.err.println("server: " + more);
                }
                throw e;
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** By default --max-connections is the descriptor limit less headroom: 200 - 32 here. */
    @org.junit.jupiter.api.Test
    void theDefaultConnectionLimitFollowsTheDescriptorLimit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/proc/self")),
                "needs bash's ulimit and /proc (Linux)");
        Process server = serveUnderLimit(200, "--io nio");
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.contains("max-connections=168,"), "start-up line: " + first);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process serveUnderLimit(int descriptors, String options) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String command = "ulimit -n " + descriptors + " && exec '" + java + "' --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' cli.Main serve --host 127.0.0.1 --port 0 --workers 2 " + options;
        return new ProcessBuilder("/bin/bash", "-c", command).redirectErrorStream(true).start();
    }

    private static void awaitAnswer(int port) {
        Await.until("the server to answer again", () -> {
            try (RawClient c = new RawClient(port)) {
                return c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status() == 200;
            } catch (IOException stillStarved) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                return false;
            }
        });
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The server's own threads (T0 and workers), by name; the JVM's may come and go. */
    private static long threads(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(task -> {
                try {
                    return Files.readString(task.resolve("comm")).startsWith("skep-");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
