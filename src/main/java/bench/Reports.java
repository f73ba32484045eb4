package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes report.json, report.md, report.html and throughput.svg for a finished benchmark. */
final class Reports {
    private Reports() {
    }

    static void write(BenchPlan plan, List<Run> runs, Map<String, String> machine) throws IOException {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        Path dir = plan.out();
        Files.writeString(dir.resolve("report.json"), JsonReport.render(plan, runs, machine, date), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.md"), MarkdownReport.render(plan, runs, machine, date), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(plan, runs, machine, date), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("throughput.svg"), throughputChart(runs, date), StandardCharsets.UTF_8);
    }

    /** Requests per second against connections, one line per target. */
    static String throughputChart(List<Run> runs, String date) {
        List<Integer> levels = levels(runs);
        List<SvgChart.Series> series = new ArrayList<>();
        for (String target : targets(runs)) {
            double[] values = new double[levels.size()];
            for (Run r : runs) {
                if (r.target().equals(target)) {
                    values[levels.indexOf(r.connections())] = r.result().requestsPerSecond();
                }
            }
            series.add(new SvgChart.Series(target, values));
        }
        return SvgChart.lines("Throughput (" + date + ")", "connections", "requests per second",
                levels.stream().map(String::valueOf).toList(), series);
    }

    /** Latency percentiles at one connection level, one line per target. */
    static String latencyChart(List<Run> runs, int connections) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (Run r : runs) {
            if (r.connections() == connections) {
                double[] ms = r.result().percentiles();
                for (int i = 0; i < ms.length; i++) {
                    ms[i] /= 1000;
                }
                series.add(new SvgChart.Series(r.target(), ms));
            }
        }
        return SvgChart.lines("Latency at " + connections + " connections", "percentile", "milliseconds",
                WrkResult.PERCENTILES, series);
    }

    /** The fastest run of a Skep started here, per connection level: the worker count to pick. */
    static Set<Run> bestWorkerCounts(List<Run> runs) {
        Set<Run> best = new LinkedHashSet<>();
        for (int level : levels(runs)) {
            runs.stream().filter(r -> r.workers() > 0 && r.connections() == level)
                    .max((a, b) -> Double.compare(a.result().requestsPerSecond(), b.result().requestsPerSecond()))
                    .ifPresent(best::add);
        }
        return best;
    }

    static List<Integer> levels(List<Run> runs) {
        return runs.stream().map(Run::connections).distinct().sorted().toList();
    }

    static List<String> targets(List<Run> runs) {
        return runs.stream().map(Run::target).distinct().toList();
    }

    /** Microseconds as milliseconds: 0.41 ms, 3.1 ms, 120 ms; n/a for NaN. */
    static String millis(double micros) {
        if (Double.isNaN(micros)) {
            return "n/a";
        }
        double ms = micros / 1000;
        return (ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms)) + " ms";
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
