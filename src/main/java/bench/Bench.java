package bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a benchmark plan: a sweep of connection levels against each target, where the targets are Skep
 * started once per worker count (or the server at {@code --url}) and the servers to compare, taken in
 * turns; then writes the reports. Each Skep server is started, warmed up, loaded at every level, and
 * stopped before the next target.
 */
public final class Bench {
    private final BenchPlan plan;
    private final Wrk wrk;
    private final PrintStream out;
    private final boolean color;
    private final List<Run> runs = new ArrayList<>();
    private int done;
    private int total;

    public Bench(BenchPlan plan, Wrk wrk, PrintStream out, boolean color) {
        this.plan = plan;
        this.wrk = wrk;
        this.out = out;
        this.color = color;
    }

    /** Runs every load, writes the reports, and returns the runs. */
    public List<Run> run(String skepVersion) throws IOException, InterruptedException {
        List<Target> targets = targets();
        total = targets.size() * plan.connections().size();
        out.println("skep bench: " + targets.size() + " target(s) x " + plan.connections().size()
                + " connection level(s); " + plan.describeLoad());
        for (Target target : targets) {
            if (target.workers() > 0) {
                try (SkepProcess server = SkepProcess.start(target.workers(), plan.serveOptions())) {
                    sweep(target, plan.target(server.url(), true));
                }
            } else {
                sweep(target, plan.target(target.url(), false));
            }
        }
        Files.createDirectories(plan.out());
        Reports.write(plan, runs, Machine.facts(skepVersion));
        long failed = runs.stream().filter(r -> r.result().errors() > 0).count();
        out.println("skep bench: reports in " + plan.out().toAbsolutePath() + " (report.json, report.md, report.html)"
                + (failed > 0 ? red(" - " + failed + " run(s) had errors") : ""));
        return List.copyOf(runs);
    }

    /** Skep (started here per worker count, or at --url) and the compared servers, taken in turns. */
    private List<Target> targets() {
        List<Target> own = new ArrayList<>();
        if (plan.url() != null) {
            own.add(new Target(plan.url(), 0, plan.url()));
        } else {
            for (int w : plan.workers()) {
                own.add(new Target("skep workers=" + w, w, null));
            }
        }
        List<Target> others = new ArrayList<>();
        for (Map.Entry<String, String> e : plan.compare().entrySet()) {
            others.add(new Target(e.getKey(), 0, e.getValue()));
        }
        List<Target> all = new ArrayList<>();
        for (int i = 0; i < Math.max(own.size(), others.size()); i++) {
            if (i < own.size()) {
                all.add(own.get(i));
            }
            if (i < others.size()) {
                all.add(others.get(i));
            }
        }
        return all;
    }

    private void sweep(Target target, String url) throws IOException, InterruptedException {
        if (!plan.warmup().isZero()) {
            int most = plan.connections().stream().max(Integer::compare).orElseThrow();
            wrk.run(url, plan.threads(), most, plan.warmup(), plan.pipeline(), plan.close(), plan.headers());
        }
        for (int connections : plan.connections()) {
            WrkResult result = wrk.run(url, plan.threads(), connections, plan.duration(), plan.pipeline(), plan.close(),
                    plan.headers());
            Run run = new Run(target.name(), target.workers(), url, connections,
                    Math.min(plan.threads(), connections), result);
            runs.add(run);
            done++;
            out.println(progressLine(run));
        }
    }

    /** {@code [4/9] workers=2 c=200  83,412 req/s  p99 3.1 ms}, and the errors in red if there were any. */
    private String progressLine(Run run) {
        WrkResult r = run.result();
        String who = run.workers() > 0 ? "workers=" + run.workers() : run.target();
        String line = String.format(Locale.ROOT, "[%d/%d] %s c=%d  %,.0f req/s  p99 %s", done, total, who,
                run.connections(), r.requestsPerSecond(), Reports.millis(r.p99()));
        if (r.errors() > 0) {
            line += "  " + red("ERRORS: " + r.describeErrors());
        }
        return line;
    }

    private String red(String text) {
        return color ? "\u001b[31m" + text + "\u001b[0m" : text;
    }

    private record Target(String name, int workers, String url) {
    }
}
