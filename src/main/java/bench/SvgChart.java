package bench;

import java.util.List;
import java.util.Locale;

/**
 * A line chart as a self-contained SVG element: categories along x, one line per series, a legend whose
 * entries carry {@code data-series} so that a page can toggle lines. No script, no external resources.
 */
final class SvgChart {
    /** Colours that stay apart for the eye (Okabe-Ito plus two). */
    private static final String[] COLORS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#F0E442", "#7F3C8D", "#11A579"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int LEFT = 72;
    private static final int RIGHT = 200;
    private static final int TOP = 36;
    private static final int BOTTOM = 52;

    record Series(String name, double[] values) {
    }

    private SvgChart() {
    }

    static String lines(String title, String xTitle, String yTitle, List<String> categories, List<Series> series) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double top = niceCeiling(max);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, Escape.html(title)));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, Escape.html(title)));
        for (int i = 0; i <= 5; i++) { // horizontal grid and y labels
            double value = top * i / 5;
            double y = TOP + plotH - plotH * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%s</text>%n",
                    LEFT - 6, y + 4, compact(value)));
        }
        for (int i = 0; i < categories.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s</text>%n",
                    x(i, categories.size(), plotW), TOP + plotH + 18, Escape.html(categories.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#222\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 10, Escape.html(xTitle)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16 %d) rotate(-90)\" text-anchor=\"middle\" "
                + "fill=\"#222\">%s</text>%n", TOP + plotH / 2, Escape.html(yTitle)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, TOP, plotW, plotH));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String color = COLORS[s % COLORS.length];
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < line.values().length; i++) {
                if (Double.isNaN(line.values()[i])) {
                    continue; // not measured: no point
                }
                double px = x(i, categories.size(), plotW);
                double py = TOP + plotH - (top == 0 ? 0 : plotH * line.values()[i] / top);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">"
                        + "<title>%s, %s: %s</title></circle>", px, py, color, Escape.html(line.name()),
                        Escape.html(categories.get(i)), compact(line.values()[i])));
            }
            svg.append(String.format(Locale.ROOT, "<g class=\"series\" data-series=\"%d\">"
                    + "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" points=\"%s\"/>%s</g>%n",
                    s, color, points.toString().strip(), dots));
            int ly = TOP + 10 + s * 20;
            svg.append(String.format(Locale.ROOT, "<g class=\"legend\" data-series=\"%d\" style=\"cursor:pointer\">"
                    + "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text></g>%n",
                    s, WIDTH - RIGHT + 16, ly - 2, color, WIDTH - RIGHT + 36, ly + 4, Escape.html(line.name())));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double x(int i, int count, int plotW) {
        return count == 1 ? LEFT + plotW / 2.0 : LEFT + 24 + (plotW - 48) * (double) i / (count - 1);
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code max}. */
    static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** 0.25, 3.1, 42, 1.2k, 150k, 1.1M. */
    static String compact(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
