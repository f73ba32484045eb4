package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 */
public record BenchPlan(String url, List<Integer> workers, List<Integer> connections, int threads,
                        Duration duration, Duration warmup, Map<String, String> compare, Path out,
                        int pipeline, boolean close, List<String> serveOptions) {

    /** A one-line description of the load, for the terminal and the reports. */
    public String describeLoad() {
        String mode = close ? "a new connection per request" : pipeline > 1 ? pipeline + " requests per write"
                : "keep-alive";
        return "wrk, " + threads + " threads, " + duration.toSeconds() + " s per run after a " + warmup.toSeconds()
                + " s warm-up, " + mode;
    }
}
