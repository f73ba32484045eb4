package bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** report.md: the runs as a table, the best worker count per connection level in bold, errors called out. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String render(BenchPlan plan, List<Run> runs, Map<String, String> machine, String date) {
        StringBuilder md = new StringBuilder("# Skep benchmark, ").append(date).append("\n\n");
        md.append("Machine: ").append(machine.get("cores")).append(" cores (").append(machine.get("cpu")).append("), ")
                .append(machine.get("memory")).append(", ").append(machine.get("os")).append(", JDK ")
                .append(machine.get("jdk")).append(", Skep ").append(machine.get("skep")).append(".\n\n");
        md.append("Load: ").append(plan.describeLoad()).append(".\n\n");
        List<Run> failed = runs.stream().filter(r -> r.result().errors() > 0).toList();
        if (!failed.isEmpty()) {
            md.append("> **ERRORS in ").append(failed.size()).append(" run(s):**\n");
            for (Run r : failed) {
                md.append("> - ").append(r.target()).append(" c=").append(r.connections()).append(": ")
                        .append(r.result().describeErrors()).append('\n');
            }
            md.append('\n');
        }
        Set<Run> best = Reports.bestWorkerCounts(runs);
        md.append("| connections | target | req/s | p50 | p99 | p99.9 | errors |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|\n");
        for (int level : Reports.levels(runs)) {
            for (Run r : runs) {
                if (r.connections() != level) {
                    continue;
                }
                String b = best.contains(r) ? "**" : "";
                WrkResult w = r.result();
                md.append("| ").append(level).append(" | ").append(b).append(r.target()).append(b)
                        .append(" | ").append(b).append(Reports.rate(w.requestsPerSecond())).append(b)
                        .append(" | ").append(Reports.millis(w.p50())).append(" | ").append(Reports.millis(w.p99()))
                        .append(" | ").append(Reports.millis(w.p999())).append(" | ")
                        .append(w.errors() == 0 ? "0" : "**" + w.errors() + "**").append(" |\n");
            }
        }
        if (!best.isEmpty()) {
            md.append("\nIn bold: the worker count with the most requests per second at each connection level.\n");
        }
        return md.toString();
    }
}
