package metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helper: the samples of a text exposition by their series as written ({@code name{labels}}), for exact
 * assertions. Not a validating parser: promtool is (support.Promtool).
 */
final class Exposition {
    final String text;
    final Map<String, Double> samples = new LinkedHashMap<>();

    Exposition(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            samples.put(line.substring(0, space), switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            });
        }
    }

    /** The value of {@code series}; fails when the scrape has no such series. */
    double get(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in:\n" + text);
        }
        return value;
    }

    /** The value of {@code series}, or 0 when the scrape has none. */
    double getOrZero(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /** The sum over every series of {@code name} (no _bucket etc. suffix added). */
    double total(String name) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            if (key.equals(name) || key.startsWith(name + "{")) {
                sum += e.getValue();
            }
        }
        return sum;
    }
}
