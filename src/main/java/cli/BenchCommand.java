package cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import bench.Bench;
import bench.BenchPlan;
import bench.Run;
import bench.Wrk;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skep bench}: options in, a {@link BenchPlan} out, and the run handed to {@link Bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load a server with wrk and write latency and throughput reports (JSON, Markdown, HTML)."
                + " Without --url, starts Skep once per --workers value on a free port of 127.0.0.1, warms it up,"
                + " loads it at each --connections level, and stops it.",
                "Exit status: 0; 1 if a run had errors (socket errors or non-2xx answers, shown in red);"
                + " 2 for bad options or a missing wrk.", ""},
        footer = {"", "Examples:", "  skep bench --workers 1,2,4 --connections 50,200,800",
                "  skep bench --url http://127.0.0.1:8080/ --duration 30s",
                "  skep bench --compare nginx=http://127.0.0.1:8081/ --out results",
                "  skep bench --serve-option=--root=public --path /1k --workers 2",
                "  skep bench --url http://127.0.0.1:8080/1k --header 'If-None-Match: \"5f3a-400\"'"})
final class BenchCommand implements Callable<Integer> {
    /** A header line wrk can send as given: an RFC 9110 token, a colon, and a value of visible ASCII and spaces. */
    private static final Pattern HEADER_LINE =
            Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[ \t]*[\\x21-\\x7E]([ \t\\x21-\\x7E]*[\\x21-\\x7E])?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "Load this running server instead of starting Skep.")
    String url;

    @Option(names = "--workers", split = ",", paramLabel = "N", defaultValue = "1,2,4",
            description = "Worker counts to start Skep with, one server each (default: ${DEFAULT-VALUE}).")
    List<Integer> workers;

    @Option(names = "--connections", split = ",", paramLabel = "N", defaultValue = "50,200,800",
            description = "Open connections, one run per level (default: ${DEFAULT-VALUE}).")
    List<Integer> connections;

    @Option(names = "--threads", paramLabel = "N", description = "wrk threads (default: the number of cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Length of each run, e.g. 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
            description = "Unmeasured load before each server's runs; 0 for none (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--compare", paramLabel = "NAME=URL",
            description = "Another server to measure in the same run, taking turns with Skep; repeatable.")
    Map<String, String> compare = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the reports go (default: skep-bench-<date>-<time> in this folder).")
    Path out;

    @Option(names = "--pipeline", paramLabel = "N", defaultValue = "1",
            description = "Requests per write, sent before the answers are read (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--close", description = "A new connection for every request (Connection: close).")
    boolean close;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Request path for every target, e.g. /1k with --serve-option=--root=DIR (default: "
                    + BenchPlan.DEFAULT_PATH + " on the Skep servers it starts; a --url or --compare URL keeps its own path).")
    String path;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'",
            description = "A request header sent with every request (wrk -H), like 'Accept-Encoding: gzip';"
                    + " repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--serve-option", paramLabel = "OPTION",
            description = "Passed to each 'skep serve' this starts, e.g. --serve-option=--io=nio; repeatable.")
    List<String> serveOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        Path dir = out != null ? out : Path.of("skep-bench-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Wrk wrk = Wrk.find(dir);
        if (wrk == null) {
            spec.commandLine().getErr().println("skep bench: " + Wrk.INSTALL_HINT);
            return 2;
        }
        BenchPlan plan = new BenchPlan(url, workers, connections, threads, duration, warmup, compare, dir,
                pipeline, close, serveOptions, path, List.copyOf(headers));
        List<Run> runs = new Bench(plan, wrk, System.out, colorTerminal()).run(Version.skep());
        return runs.stream().anyMatch(r -> r.result().errors() > 0) ? 1 : 0;
    }

    private void validate() {
        if (url != null && !url.matches("https?://.+")) {
            throw bad("--url must be an http:// URL, got '" + url + "'");
        }
        if (url != null && spec.commandLine().getParseResult().hasMatchedOption("--workers")) {
            throw bad("--workers applies to the servers skep bench starts; it does not mix with --url");
        }
        compare.forEach((name, target) -> {
            if (!target.matches("https?://.+")) {
                throw bad("--compare " + name + "= needs an http:// URL, got '" + target + "'");
            }
        });
        if (path != null) {
            if (!path.startsWith("/") || !path.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
                throw bad("--path must start with / and hold visible ASCII only (percent-encode the rest), got '"
                        + path + "'");
            }
            List<String> given = new ArrayList<>(compare.values());
            if (url != null) {
                given.add(url);
            }
            for (String target : given) {
                if (!BenchPlan.hasNoPath(target)) {
                    throw bad("--path applies to every target: give the URLs without a path, not '" + target + "'");
                }
            }
        }
        for (String header : headers) {
            if (!HEADER_LINE.matcher(header).matches()) {
                throw bad("--header wants 'Name: value' (a token, a colon, visible ASCII), got '" + header + "'");
            }
        }
        if (workers.stream().anyMatch(w -> w < 1) || connections.stream().anyMatch(c -> c < 1)) {
            throw bad("--workers and --connections take whole numbers of at least 1");
        }
        if (threads < 1 || pipeline < 1) {
            throw bad("--threads and --pipeline must be at least 1");
        }
        if (pipeline > 1 && close) {
            throw bad("--pipeline and --close do not mix: a closed connection carries one request");
        }
        if (duration.toSeconds() < 1) {
            throw bad("--duration must be at least 1s (wrk counts whole seconds)");
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static boolean colorTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
    }
}
