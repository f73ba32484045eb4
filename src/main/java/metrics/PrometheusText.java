package metrics;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes the Prometheus text exposition format 0.0.4 into a buffer that is reused from one scrape to the next
 * ({@link #reset()}). A family is opened with {@link #counter}, {@link #gauge} or {@link #histogram}, which write
 * its {@code # HELP} and {@code # TYPE} lines; its samples follow. Each family may be opened once per scrape:
 * the format wants a family's lines together. Label values are escaped ({@code \\ \" \n}); counters must be
 * named {@code ..._total}; numbers are written as Prometheus parses them ({@code NaN}, {@code +Inf},
 * {@code -Inf}, whole numbers without a fraction).
 */
public final class PrometheusText {
    /** The {@code Content-Type} of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final Set<String> families = new HashSet<>();
    private String family; // the family open now: histogram samples are named after it

    /** An empty buffer. */
    public PrometheusText() {
    }

    /** Empties the buffer for the next scrape (keeping its capacity). */
    public PrometheusText reset() {
        out.setLength(0);
        families.clear();
        family = null;
        return this;
    }

    /** Opens a counter family; {@code name} must end in {@code _total}. */
    public PrometheusText counter(String name, String help) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        return open(name, help, "counter");
    }

    /** Opens a gauge family. */
    public PrometheusText gauge(String name, String help) {
        return open(name, help, "gauge");
    }

    /** Opens a histogram family: write its series with {@link #histogramSeries}. */
    public PrometheusText histogram(String name, String help) {
        return open(name, help, "histogram");
    }

    private PrometheusText open(String name, String help, String type) {
        checkName(name);
        if (!families.add(name)) {
            throw new IllegalStateException("family " + name + " was already written in this scrape");
        }
        family = name;
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample of the open counter or gauge, without labels. */
    public PrometheusText sample(double value) {
        return sample(NO_LABELS, NO_LABELS, value);
    }

    /** A sample of the open counter or gauge with one label. */
    public PrometheusText sample(String label, String labelValue, double value) {
        return sample(new String[] {label}, new String[] {labelValue}, value);
    }

    /** A sample of the open counter or gauge; {@code names[i]} goes with {@code values[i]}. */
    public PrometheusText sample(String[] names, String[] values, double value) {
        requireOpen();
        out.append(family);
        labels(names, values, null);
        out.append(' ');
        number(value);
        out.append('\n');
        return this;
    }

    /**
     * One series of the open histogram: a cumulative {@code _bucket} line per bound and one for {@code +Inf},
     * then {@code _sum} and {@code _count}.
     *
     * @param bounds  the buckets' upper bounds, ascending, without {@code +Inf}
     * @param counts  observations per bucket (not cumulative): {@code bounds.length + 1} entries, the last
     *                for the values above every bound
     * @param sum     the sum of the observed values
     */
    public PrometheusText histogramSeries(String[] names, String[] values, double[] bounds, long[] counts, double sum) {
        requireOpen();
        if (counts.length != bounds.length + 1) {
            throw new IllegalArgumentException(counts.length + " counts for " + bounds.length + " bounds");
        }
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            out.append(family).append("_bucket");
            labels(names, values, i < bounds.length ? format(bounds[i]) : "+Inf");
            out.append(' ').append(cumulative).append('\n');
        }
        out.append(family).append("_sum");
        labels(names, values, null);
        out.append(' ');
        number(sum);
        out.append('\n').append(family).append("_count");
        labels(names, values, null);
        out.append(' ').append(cumulative).append('\n');
        return this;
    }

    /** The text written since the last {@link #reset()}. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** The text written since the last {@link #reset()}, in UTF-8. */
    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A number as the text format writes it: {@code NaN}, {@code +Inf}, {@code -Inf}, {@code 3}, {@code 0.25}. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value); // e.g. 1.0E-4: Go's ParseFloat reads it
    }

    private static final String[] NO_LABELS = {};

    private void number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(format(value));
        }
    }

    private void labels(String[] names, String[] values, String le) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " label names for " + values.length + " values");
        }
        if (names.length == 0 && le == null) {
            return;
        }
        out.append('{');
        for (int i = 0; i < names.length; i++) {
            checkName(names[i]);
            if (i > 0) {
                out.append(',');
            }
            out.append(names[i]).append("=\"");
            escape(values[i]);
            out.append('"');
        }
        if (le != null) {
            out.append(names.length > 0 ? "," : "").append("le=\"").append(le).append('"');
        }
        out.append('}');
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private void requireOpen() {
        if (family == null) {
            throw new IllegalStateException("open a family (counter, gauge, histogram) before its samples");
        }
    }

    /** Metric and label names: {@code [a-zA-Z_][a-zA-Z0-9_]*} (colons are for recording rules). */
    private static void checkName(String name) {
        boolean ok = !name.isEmpty();
        for (int i = 0; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
        }
        if (!ok) {
            throw new IllegalArgumentException("not a metric or label name: '" + name + "'");
        }
    }
}
