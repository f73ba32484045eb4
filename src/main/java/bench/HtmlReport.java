package bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * report.html: one self-contained page (inline CSS, SVG and a few lines of script, nothing fetched) with
 * the throughput chart, a latency chart per connection level, the table of runs and the machine facts.
 * Errors are shown in red. Clicking a legend entry hides or shows that line in every chart.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1000px; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
            table { border-collapse: collapse; margin: 8px 0; }
            th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
            th { background: #f2f2f2; } td.name { text-align: left; }
            tr.best td { font-weight: bold; }
            .errors { color: #c00000; font-weight: bold; }
            .banner { border: 2px solid #c00000; color: #c00000; padding: 8px 12px; margin: 12px 0; }
            .muted { color: #666; } .chart { display: block; margin: 8px 0; }
            g.off { opacity: 0.12; }
            """;

    /** Legend clicks toggle a series everywhere; the body records how many points were drawn. */
    private static final String SCRIPT = """
            document.querySelectorAll('g.legend').forEach(function (entry) {
              entry.addEventListener('click', function () {
                var name = entry.textContent;
                document.querySelectorAll('svg.chart').forEach(function (svg) {
                  svg.querySelectorAll('g.legend').forEach(function (other) {
                    if (other.textContent === name) {
                      var series = svg.querySelector('g.series[data-series="' + other.dataset.series + '"]');
                      if (series) { series.classList.toggle('off'); other.classList.toggle('off'); }
                    }
                  });
                });
              });
            });
            document.body.dataset.points = String(document.querySelectorAll('svg.chart g.series circle').length);
            """;

    static String render(BenchPlan plan, List<Run> runs, Map<String, String> machine, String date) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<title>Skep benchmark, ").append(Escape.html(date)).append("</title>\n");
        h.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Skep benchmark</h1>\n<p class=\"muted\">").append(Escape.html(date)).append(" &middot; ")
                .append(Escape.html(plan.describeLoad())).append("</p>\n");
        List<Run> failed = runs.stream().filter(r -> r.result().errors() > 0).toList();
        if (!failed.isEmpty()) {
            h.append("<div class=\"banner\">Errors in ").append(failed.size()).append(" run(s):<ul>\n");
            for (Run r : failed) {
                h.append("<li>").append(Escape.html(r.target())).append(" c=").append(r.connections()).append(": ")
                        .append(Escape.html(r.result().describeErrors())).append("</li>\n");
            }
            h.append("</ul></div>\n");
        }
        h.append("<h2>Throughput</h2>\n").append(Reports.throughputChart(runs, date));
        h.append("<h2>Latency percentiles</h2>\n");
        for (int level : Reports.levels(runs)) {
            h.append(Reports.latencyChart(runs, level));
        }
        h.append("<h2>Runs</h2>\n").append(table(runs));
        h.append("<h2>Machine</h2>\n<table>\n");
        machine.forEach((k, v) -> h.append("<tr><th>").append(Escape.html(k)).append("</th><td class=\"name\">")
                .append(Escape.html(v)).append("</td></tr>\n"));
        h.append("</table>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String table(List<Run> runs) {
        Set<Run> best = Reports.bestWorkerCounts(runs);
        StringBuilder t = new StringBuilder("<table>\n<tr><th>connections</th><th>target</th><th>req/s</th>"
                + "<th>p50</th><th>p99</th><th>p99.9</th><th>max</th><th>errors</th></tr>\n");
        for (int level : Reports.levels(runs)) {
            for (Run r : runs) {
                if (r.connections() != level) {
                    continue;
                }
                WrkResult w = r.result();
                t.append(best.contains(r) ? "<tr class=\"best\">" : "<tr>")
                        .append("<td>").append(level).append("</td><td class=\"name\">").append(Escape.html(r.target()))
                        .append("</td><td>").append(Reports.rate(w.requestsPerSecond()))
                        .append("</td><td>").append(Reports.millis(w.p50()))
                        .append("</td><td>").append(Reports.millis(w.p99()))
                        .append("</td><td>").append(Reports.millis(w.p999()))
                        .append("</td><td>").append(Reports.millis(w.latencyMax()))
                        .append(w.errors() == 0 ? "</td><td>0" : "</td><td class=\"errors\" title=\""
                                + Escape.html(w.describeErrors()) + "\">" + w.errors())
                        .append("</td></tr>\n");
            }
        }
        if (!best.isEmpty()) {
            t.append("<tr><td colspan=\"8\" class=\"name muted\">In bold: the worker count with the most requests"
                    + " per second at each connection level.</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }
}
