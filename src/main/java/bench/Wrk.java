package bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code wrk} with Skep's Lua script and reads the JSON line the script prints. */
public final class Wrk {
    /** How to get wrk, for the one-line message when it is missing. */
    public static final String INSTALL_HINT = "wrk is needed: install it with 'apt-get install wrk' (Debian/Ubuntu)"
            + " or 'brew install wrk' (macOS)";

    private final String executable;
    private final Path script;

    private Wrk(String executable, Path script) {
        this.executable = executable;
        this.script = script;
    }

    /** Finds wrk on the PATH (or at $SKEP_WRK) and writes the Lua script to {@code workDir}; null if no wrk. */
    public static Wrk find(Path workDir) throws IOException {
        String executable = locate();
        if (executable == null) {
            return null;
        }
        Path script = workDir.resolve("skep-wrk.lua");
        try (InputStream in = Objects.requireNonNull(Wrk.class.getResourceAsStream("/bench/skep-wrk.lua"),
                "bench/skep-wrk.lua missing from the jar")) {
            Files.write(script, in.readAllBytes());
        }
        return new Wrk(executable, script);
    }

    private static String locate() {
        String configured = System.getenv("SKEP_WRK");
        if (configured != null && !configured.isBlank()) {
            return Files.isExecutable(Path.of(configured)) ? configured : null;
        }
        return onPath("wrk");
    }

    /** The first executable called {@code program} in the PATH's folders, or null. */
    static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /**
     * One load: {@code connections} over {@code threads} for {@code duration}, every request with the
     * {@code headers} lines ({@code Name: value}); blocks until wrk ends.
     */
    public WrkResult run(String url, int threads, int connections, Duration duration, int pipeline, boolean close,
                         List<String> headers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable,
                "-t" + Math.min(threads, connections), "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "5s"));
        for (String header : headers) {
            command.addAll(List.of("-H", header));
        }
        command.addAll(List.of("-s", script.toString(), url, "--", "pipeline=" + pipeline, "close=" + (close ? 1 : 0)));
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(wrk.getInputStream()));
        long limit = duration.toSeconds() + 30;
        if (!wrk.waitFor(limit, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IOException("wrk did not finish within " + limit + " s: " + String.join(" ", command));
        }
        String stdout = output.join();
        if (wrk.exitValue() != 0) {
            throw new IOException("wrk failed (exit " + wrk.exitValue() + "): " + stdout.strip());
        }
        return WrkResult.fromOutput(stdout);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read wrk's output: " + e.getMessage() + ")";
        }
    }
}
