package bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** report.json: every run with every number wrk gave, the plan, and the machine. */
final class JsonReport {
    private JsonReport() {
    }

    static String render(BenchPlan plan, List<Run> runs, Map<String, String> machine, String date) {
        StringBuilder j = new StringBuilder("{\n");
        j.append("  \"created\": ").append(Escape.json(date)).append(",\n");
        j.append("  \"machine\": ").append(object(machine)).append(",\n");
        j.append("  \"options\": {\"url\": ").append(plan.url() == null ? "null" : Escape.json(plan.url()))
                .append(", \"workers\": ").append(plan.workers())
                .append(", \"connections\": ").append(plan.connections())
                .append(", \"threads\": ").append(plan.threads())
                .append(", \"duration_s\": ").append(plan.duration().toSeconds())
                .append(", \"warmup_s\": ").append(plan.warmup().toSeconds())
                .append(", \"pipeline\": ").append(plan.pipeline())
                .append(", \"close\": ").append(plan.close())
                .append(", \"compare\": ").append(object(plan.compare()))
                .append(", \"serve_options\": ").append(plan.serveOptions().stream().map(Escape::json).toList())
                .append(", \"path\": ").append(plan.path() == null ? "null" : Escape.json(plan.path()))
                .append(", \"headers\": ").append(plan.headers().stream().map(Escape::json).toList())
                .append("},\n");
        j.append("  \"runs\": [");
        for (int i = 0; i < runs.size(); i++) {
            j.append(i == 0 ? "\n" : ",\n").append("    ").append(run(runs.get(i)));
        }
        return j.append("\n  ]\n}\n").toString();
    }

    private static String run(Run run) {
        WrkResult r = run.result();
        return String.format(Locale.ROOT, "{\"target\": %s, \"workers\": %s, \"url\": %s, \"connections\": %d, "
                        + "\"threads\": %d, \"requests\": %d, \"duration_us\": %d, \"requests_per_second\": %.1f, "
                        + "\"bytes\": %d, \"errors\": {\"connect\": %d, \"read\": %d, \"write\": %d, \"timeout\": %d, "
                        + "\"status\": %d, \"total\": %d}, \"latency_us\": {\"min\": %.0f, \"mean\": %.1f, "
                        + "\"stdev\": %.1f, \"max\": %.0f, \"p50\": %s, \"p75\": %s, \"p90\": %s, \"p99\": %s, "
                        + "\"p99.9\": %s, \"p99.99\": %s}}",
                Escape.json(run.target()), run.workers() > 0 ? String.valueOf(run.workers()) : "null",
                Escape.json(run.url()), run.connections(), run.threads(), r.requests(), r.durationMicros(),
                r.requestsPerSecond(), r.bytes(), r.connectErrors(), r.readErrors(), r.writeErrors(), r.timeouts(),
                r.statusErrors(), r.errors(), r.latencyMin(), r.latencyMean(), r.latencyStdev(), r.latencyMax(),
                micros(r.p50()), micros(r.p75()), micros(r.p90()), micros(r.p99()), micros(r.p999()),
                micros(r.p9999()));
    }

    /** A percentile in whole microseconds, or null where wrk could not measure it. */
    private static String micros(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String object(Map<String, String> map) {
        StringJoiner members = new StringJoiner(", ", "{", "}");
        map.forEach((k, v) -> members.add(Escape.json(k) + ": " + Escape.json(v)));
        return members.toString();
    }
}
