package bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Skep server in a process of its own, for one worker count: started with the same JVM, class path and
 * JVM options as this one, on a free port of 127.0.0.1, and stopped with SIGTERM (a graceful stop).
 */
final class SkepProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final String url;

    private SkepProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static SkepProcess start(int workers, List<String> serveOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent")) { // no debugger or agent twice
                command.add(option);
            }
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "cli.Main", "serve",
                "--host", "127.0.0.1", "--port", "0", "--workers", String.valueOf(workers), "--log-level", "info",
                "--drain-delay", "0")); // no load balancer to drain from: stop at once between runs
        command.addAll(serveOptions);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> awaitUrl(out));
        try {
            String found = url.get(60, TimeUnit.SECONDS);
            if (found == null) {
                throw new IOException("skep serve exited before it listened (exit " + process.waitFor() + ")");
            }
            // Keep reading its log (and dropping it) so that the server never blocks on a full pipe.
            Thread.ofVirtual().start(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ended) {
                    // the process ended
                }
            });
            return new SkepProcess(process, found);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("skep serve did not start: " + e, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting skep serve", e);
        }
    }

    /** Reads log lines until the start-up line (returns its URL) or the end of the output (returns null). */
    private static String awaitUrl(BufferedReader out) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
        return null;
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the server stops gracefully
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
