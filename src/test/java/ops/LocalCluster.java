package ops;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import platform.IoMode;

/**
 * N {@code skep serve} processes on 127.0.0.1 and a real nginx in front of them, configured from the repo's
 * deploy/nginx/skep-lb.conf, for tests that stop and start back ends under load. {@link #close} kills
 * everything it started (nginx's workers included), whatever state it is in.
 */
final class LocalCluster implements AutoCloseable {
    /**
     * Whether the back ends get the production-operations options (--admin-port, --drain-delay), as in
     * production; {@code -Dskep.cluster.ops=false} leaves them out (a plain graceful stop).
     */
    static final boolean OPS_OPTIONS = Boolean.parseBoolean(System.getProperty("skep.cluster.ops", "true"));
    /** The drain delay the back ends get with {@link #OPS_OPTIONS}: short, nginx does not read /readyz. */
    static final int DRAIN_DELAY_SECONDS = 1;
    static final Path TEMPLATE = Path.of("deploy/nginx/skep-lb.conf");
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");
    private static final long START_MILLIS = 60_000;

    private final Path dir;
    private final IoMode io;
    private final Process[] backends;
    private final int[] ports;
    private final int[] starts;
    private Process nginx;
    private final List<ProcessHandle> nginxWorkers = new ArrayList<>();
    private int nginxPort;

    private LocalCluster(Path dir, IoMode io, int n) {
        this.dir = dir;
        this.io = io;
        this.backends = new Process[n];
        this.ports = new int[n];
        this.starts = new int[n];
    }

    /** The nginx binary (PATH, then /usr/sbin: Debian's, not on a user's PATH), or null. */
    static String findNginx() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : (path + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Starts {@code n} back ends (each on a free port, read from its log) and nginx in front of them. */
    static LocalCluster start(Path dir, IoMode io, int n, String nginxBinary) throws IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster(dir, io, n);
        try {
            for (int i = 0; i < n; i++) {
                cluster.launch(i, 0);
            }
            for (int i = 0; i < n; i++) {
                cluster.ports[i] = cluster.awaitListening(i);
            }
            cluster.startNginx(nginxBinary);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * One back end's command line, in this one place: the test JVM's own classes run as {@code skep serve}
     * (cli.Main), one worker each (the machines running the suite are small).
     */
    private List<String> backendCommand(int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "cli.Main",
                "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--io", io.name().toLowerCase(Locale.ROOT), "--workers", "1"));
        if (OPS_OPTIONS) {
            command.addAll(List.of("--admin-port", "0", "--drain-delay", Integer.toString(DRAIN_DELAY_SECONDS)));
        }
        return command;
    }

    private void launch(int i, int port) throws IOException {
        starts[i]++;
        backends[i] = new ProcessBuilder(backendCommand(port))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log(i).toFile())
                .start();
    }

    private Path log(int i) {
        return dir.resolve("skep-" + i + "-" + starts[i] + ".log");
    }

    private int awaitListening(int i) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log(i), StandardCharsets.UTF_8);
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!backends[i].isAlive()) {
                throw new IOException("back end " + i + " exited (" + backends[i].exitValue() + "): " + text);
            }
            Thread.sleep(20);
        }
        throw new IOException("back end " + i + " did not listen within " + START_MILLIS + " ms: "
                + Files.readString(log(i), StandardCharsets.UTF_8));
    }

    private void startNginx(String binary) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nginxPort = socket.getLocalPort(); // a free port, freed again for nginx (a small race, bounded below)
        }
        StringBuilder servers = new StringBuilder();
        for (int port : ports) {
            servers.append("server 127.0.0.1:").append(port).append(" max_fails=2 fail_timeout=3s; ");
        }
        String config = Files.readString(TEMPLATE, StandardCharsets.UTF_8)
                .replace("@LISTEN@", "127.0.0.1:" + nginxPort)
                .replace("@SERVERS@", servers);
        Files.writeString(dir.resolve("nginx.conf"), config, StandardCharsets.UTF_8);
        String prefix = dir + "/";
        nginx = new ProcessBuilder(binary, "-p", prefix, "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-g", "worker_processes 1;")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(nginxPort)) {
            if (!nginx.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("nginx did not start: " + Files.readString(dir.resolve("nginx.out"))
                        + errorLog());
            }
            Thread.sleep(20);
        }
        nginxWorkers.addAll(nginx.descendants().toList());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** nginx's URL. */
    String url() {
        return "http://127.0.0.1:" + nginxPort + "/";
    }

    int size() {
        return backends.length;
    }

    int port(int i) {
        return ports[i];
    }

    /** SIGTERM to back end {@code i}; waits (bounded) for it to exit and returns its exit status. */
    int terminate(int i) throws InterruptedException, IOException {
        backends[i].destroy(); // SIGTERM on Linux
        long bound = 20 + (OPS_OPTIONS ? DRAIN_DELAY_SECONDS : 0);
        if (!backends[i].waitFor(bound, TimeUnit.SECONDS)) {
            throw new IOException("back end " + i + " did not exit within " + bound + " s of SIGTERM");
        }
        return backends[i].exitValue();
    }

    /** SIGKILL to back end {@code i}; waits (bounded) for it to be gone. */
    void kill(int i) throws InterruptedException, IOException {
        backends[i].destroyForcibly();
        if (!backends[i].waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("back end " + i + " still there 10 s after SIGKILL");
        }
    }

    /** Starts back end {@code i} again on its port; returns once it listens. */
    void restart(int i) throws IOException, InterruptedException {
        launch(i, ports[i]);
        int port = awaitListening(i);
        if (port != ports[i]) {
            throw new IOException("back end " + i + " came back on " + port + ", not " + ports[i]);
        }
    }

    /** The current process of back end {@code i}'s log so far. */
    String backendLog(int i) throws IOException {
        return Files.readString(log(i), StandardCharsets.UTF_8);
    }

    /** nginx's error log so far (warn and above: failed upstreams, servers taken out). */
    String errorLog() throws IOException {
        Path file = dir.resolve("error.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The requests nginx sent to more than one back end (deploy/nginx/skep-lb.conf logs only those). */
    List<String> retried() throws IOException {
        Path file = dir.resolve("retries.log");
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Kills nginx (its workers too) and every back end, then waits (bounded) for all of them to be gone. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        if (nginx != null) {
            nginx.destroy(); // SIGTERM: nginx's master stops its workers
            all.add(nginx.toHandle());
            all.addAll(nginxWorkers);
        }
        for (Process backend : backends) {
            if (backend != null) {
                backend.destroyForcibly();
                all.add(backend.toHandle());
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + p.pid() + " still alive after SIGKILL", e);
            }
        }
    }
}
