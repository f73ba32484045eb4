package support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (installed by scripts/test-tools.sh) for tests that need a real browser: a screenshot of a
 * page, or what a page's own script wrote into its DOM. Every call starts a fresh browser with a profile of its
 * own, waits at most {@link #TIMEOUT_SECONDS} (then kills it and its children), and deletes the profile.
 */
public final class Chromium {
    /** How long one browser run may take before the test fails. */
    public static final int TIMEOUT_SECONDS = 60;
    /** The id of the element whose text {@link #evaluate} returns: the page's script writes its result there. */
    public static final String RESULT_ID = "result";
    /** Virtual time the page gets to load its resources and run its scripts before the DOM is read. */
    private static final int VIRTUAL_TIME_BUDGET_MS = 10_000;
    private static final Pattern RESULT = Pattern.compile("<[^>]*\\bid=\"" + RESULT_ID + "\"[^>]*>([^<]*)<");

    private final String executable;

    private Chromium(String executable) {
        this.executable = executable;
    }

    /** The installed browser ({@code chromium} or {@code chromium-browser} on the PATH), or null. */
    public static Chromium find() {
        for (String name : List.of("chromium", "chromium-browser")) {
            String found = onPath(name);
            if (found != null) {
                return new Chromium(found);
            }
        }
        return null;
    }

    /** The installed browser; the calling test is skipped (and says why) where there is none. */
    public static Chromium require() {
        Chromium chromium = find();
        Assumptions.assumeTrue(chromium != null,
                "Chromium is not installed (scripts/test.sh installs it where it can: scripts/test-tools.sh)");
        return chromium;
    }

    /** Loads {@code url} in a {@code width} x {@code height} window and writes a PNG screenshot to {@code png}. */
    public void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Output out = run("--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url);
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new AssertionError("Chromium wrote no screenshot of " + url + ": " + out.stderrTail());
        }
    }

    /** The page's DOM, serialized after it loaded and its scripts ran (within the virtual time budget). */
    public String dom(String url) throws IOException, InterruptedException {
        return run("--dump-dom", url).stdout();
    }

    /**
     * What the page's own script wrote into the element with id {@value #RESULT_ID} (its text, entities as
     * serialized), e.g. an image's {@code naturalWidth} once it loaded. Fails the test when there is no such
     * element.
     */
    public String evaluate(String url) throws IOException, InterruptedException {
        String dom = dom(url);
        Matcher m = RESULT.matcher(dom);
        if (!m.find()) {
            throw new AssertionError("no element with id=\"" + RESULT_ID + "\" in the DOM of " + url + ":\n" + dom);
        }
        return m.group(1).strip();
    }

    private record Output(String stdout, String stderr) {
        String stderrTail() {
            List<String> lines = stderr.lines().filter(l -> !l.contains("dbus")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
    }

    private Output run(String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("skep-chromium");
        try {
            List<String> command = new ArrayList<>(List.of(executable, "--headless", "--disable-gpu",
                    "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS, "--user-data-dir=" + dir.resolve("profile")));
            if (isRoot()) {
                command.add("--no-sandbox"); // Chromium refuses to start as root with its sandbox on
            }
            command.addAll(List.of(args));
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill(p);
                throw new AssertionError("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                        + "\n" + new Output("", Files.readString(stderr, StandardCharsets.UTF_8)).stderrTail());
            }
            Output out = new Output(Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            if (p.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + p.exitValue() + ": " + String.join(" ", command)
                        + "\n" + out.stderrTail());
            }
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    /** Kills the browser and the processes it started (renderer, GPU, zygote), waiting a bounded time for each. */
    private static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
                // already reaped, or stuck in the kernel: nothing more a test can do
            }
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String onPath(String program) {
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

    /** Best effort: a profile file the browser still held must not hide the test's own result. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException leftOver) {
            // left in the temporary folder
        }
    }
}
