package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code skep bench} is asked to do.
 *
 * @param url          a running server to load, or null to start Skep once per worker count
 * @param workers      the worker counts to start Skep with (unused with a URL)
 * @param connections  the connection levels of the sweep
 * @param compare      other servers to measure in the same run, by name
 * @param pipeline     requests per write (1: none)
 * @param close        a new connection per request
 * @param serveOptions more {@code skep serve} options for the servers this run starts
 * @param path         the request path for every target (e.g. {@code /1k}), or null: the Skep servers this run
 *                     starts get {@link #DEFAULT_PATH} and a given URL keeps its own path
 * @param headers      request header lines ({@code Name: value}) sent with every request (wrk -H)
 */
public record BenchPlan(String url, List<Integer> workers, List<Integer> connections, int threads,
                        Duration duration, Duration warmup, Map<String, String> compare, Path out,
                        int pipeline, boolean close, List<String> serveOptions, String path, List<String> headers) {
    /** The path loaded on the Skep servers this run starts when no path is given: the hello app's literal route. */
    public static final String DEFAULT_PATH = "/plaintext";

    /** The origin of an http(s) URL ({@code http://host:port}) and the rest (path and query, maybe empty). */
    private static final Pattern ORIGIN = Pattern.compile("(https?://[^/?#]+)(.*)");

    /** The URL to load for a server at {@code base} (a URL from --url or --compare, or a started Skep's). */
    public String target(String base, boolean started) {
        String p = path != null ? path : started ? DEFAULT_PATH : null;
        if (p == null) {
            return base;
        }
        Matcher m = ORIGIN.matcher(base);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an http URL: " + base);
        }
        return m.group(1) + p;
    }

    /** True when a URL names no path of its own ({@code http://host:port} or {@code http://host:port/}). */
    public static boolean hasNoPath(String url) {
        Matcher m = ORIGIN.matcher(url);
        return m.matches() && (m.group(2).isEmpty() || m.group(2).equals("/"));
    }

    /** A one-line description of the load, for the terminal and the reports. */
    public String describeLoad() {
        String mode = close ? "a new connection per request" : pipeline > 1 ? pipeline + " requests per write"
                : "keep-alive";
        String request = (path != null ? ", GET " + path : url == null ? ", GET " + DEFAULT_PATH + " on Skep" : "")
                + (headers.isEmpty() ? "" : " with " + String.join(", ", headers));
        return "wrk, " + threads + " threads, " + duration.toSeconds() + " s per run after a " + warmup.toSeconds()
                + " s warm-up, " + mode + request;
    }
}
