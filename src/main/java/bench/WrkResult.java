package bench;

import java.util.List;
import java.util.Map;

/**
 * What one wrk run measured, as the shipped Lua script reports it. Times are in microseconds; a percentile
 * wrk could not measure is NaN.
 *
 * @param statusErrors answers that were not 2xx or 3xx
 */
public record WrkResult(long requests, long durationMicros, long bytes,
                        long connectErrors, long readErrors, long writeErrors, long statusErrors, long timeouts,
                        double latencyMin, double latencyMean, double latencyStdev, double latencyMax,
                        double p50, double p75, double p90, double p99, double p999, double p9999) {

    /** The percentiles reported, with their labels, in order. */
    public static final List<String> PERCENTILES = List.of("50", "75", "90", "99", "99.9", "99.99");

    /** Finds the script's JSON line in wrk's standard output (the last line that is one) and reads it. */
    public static WrkResult fromOutput(String stdout) {
        String json = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{\"skep_wrk\":")) {
                json = line;
            }
        }
        if (json == null) {
            throw new IllegalArgumentException("wrk printed no result line (is the Lua script in use?): "
                    + stdout.strip());
        }
        Map<String, Double> v = FlatJson.parse(json);
        return new WrkResult(count(v, "requests"), count(v, "duration_us"), count(v, "bytes"),
                count(v, "errors_connect"), count(v, "errors_read"), count(v, "errors_write"),
                count(v, "errors_status"), count(v, "errors_timeout"),
                number(v, "latency_min_us"), number(v, "latency_mean_us"), number(v, "latency_stdev_us"),
                number(v, "latency_max_us"), percentile(v, "p50_us"), percentile(v, "p75_us"),
                percentile(v, "p90_us"), percentile(v, "p99_us"), percentile(v, "p99_9_us"), percentile(v, "p99_99_us"));
    }

    /**
     * A percentile, or NaN where wrk could not give one: its histogram reports 0 past what it recorded
     * (as it does with pipelined requests), and no answer takes 0 microseconds.
     */
    private static double percentile(Map<String, Double> v, String key) {
        double value = number(v, key);
        return value == 0 ? Double.NaN : value;
    }

    public double requestsPerSecond() {
        return durationMicros == 0 ? 0 : requests * 1e6 / durationMicros;
    }

    public long socketErrors() {
        return connectErrors + readErrors + writeErrors + timeouts;
    }

    /** Socket errors and non-2xx/3xx answers together: anything but 0 is reported, in red. */
    public long errors() {
        return socketErrors() + statusErrors;
    }

    /** The percentiles in the order of {@link #PERCENTILES}. */
    public double[] percentiles() {
        return new double[] {p50, p75, p90, p99, p999, p9999};
    }

    public String describeErrors() {
        return "connect " + connectErrors + ", read " + readErrors + ", write " + writeErrors + ", timeout "
                + timeouts + ", non-2xx/3xx " + statusErrors;
    }

    private static double number(Map<String, Double> v, String key) {
        Double d = v.get(key);
        if (d == null) {
            throw new IllegalArgumentException("wrk result has no '" + key + "'");
        }
        return d;
    }

    private static long count(Map<String, Double> v, String key) {
        return Math.round(number(v, key));
    }
}
