package support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own parser and linter, {@code promtool check metrics} (Debian's {@code prometheus} package,
 * installed by scripts/test-tools.sh): reads an exposition from stdin, exits non-zero on a parse error or a
 * lint problem and says what.
 */
public final class Promtool {
    private Promtool() {
    }

    /** The path of promtool on the PATH, or null. */
    public static String find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    /** promtool; the calling test is skipped (and says why) where there is none. */
    public static String require() {
        String found = find();
        Assumptions.assumeTrue(found != null,
                "promtool is not installed (scripts/test.sh installs Debian's prometheus package where it can: scripts/test-tools.sh)");
        return found;
    }

    /** What {@code promtool check metrics} says about {@code exposition}: null when it passes, else its output. */
    public static String check(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(require(), "check", "metrics").redirectErrorStream(true).start();
        try {
            process.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("promtool did not finish in 30 s");
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } finally {
            process.destroyForcibly();
            process.getInputStream().close();
        }
    }
}
