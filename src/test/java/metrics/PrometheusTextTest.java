package metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import support.Promtool;

/** The text exposition format 0.0.4 as written, and as Prometheus's own parser (promtool) reads it. */
class PrometheusTextTest {
    private static final String[] NAMES = {"method", "route"};

    @Test
    void writesHelpAndTypeOnceThenTheSamples() {
        PrometheusText out = new PrometheusText();
        out.counter("things_total", "Things seen.").sample("kind", "a", 3).sample("kind", "b", 0);
        out.gauge("level", "A level.").sample(0.25);
        assertEquals("""
                # HELP things_total Things seen.
                # TYPE things_total counter
                things_total{kind="a"} 3
                things_total{kind="b"} 0
                # HELP level A level.
                # TYPE level gauge
                level 0.25
                """, out.toString());
    }

    @Test
    void escapesLabelValuesAndHelp() {
        PrometheusText out = new PrometheusText();
        out.gauge("g", "back\\slash\nnew line \"quotes\" stay").sample(NAMES, new String[] {"a\\b", "say \"hi\"\nbye"}, 1);
        assertEquals("""
                # HELP g back\\\\slash\\nnew line "quotes" stay
                # TYPE g gauge
                g{method="a\\\\b",route="say \\"hi\\"\\nbye"} 1
                """, out.toString());
    }

    @Test
    void writesNumbersAsPrometheusReadsThem() {
        assertEquals("3", PrometheusText.format(3.0));
        assertEquals("-2", PrometheusText.format(-2.0));
        assertEquals("0.005", PrometheusText.format(0.005));
        assertEquals("2.5", PrometheusText.format(2.5));
        assertEquals("NaN", PrometheusText.format(Double.NaN));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.format(Double.NEGATIVE_INFINITY));
        assertEquals(1.0e-7, Double.parseDouble(PrometheusText.format(1.0e-7)));
        assertEquals(1.0e20, Double.parseDouble(PrometheusText.format(1.0e20)));
    }

    @Test
    void histogramBucketsAreCumulativeAndEndInInfEqualToTheCount() {
        PrometheusText out = new PrometheusText();
        out.histogram("latency_seconds", "How long.")
                .histogramSeries(NAMES, new String[] {"GET", "/a"}, new double[] {0.1, 1}, new long[] {2, 3, 4}, 7.5);
        assertEquals("""
                # HELP latency_seconds How long.
                # TYPE latency_seconds histogram
                latency_seconds_bucket{method="GET",route="/a",le="0.1"} 2
                latency_seconds_bucket{method="GET",route="/a",le="1"} 5
                latency_seconds_bucket{method="GET",route="/a",le="+Inf"} 9
                latency_seconds_sum{method="GET",route="/a"} 7.5
                latency_seconds_count{method="GET",route="/a"} 9
                """, out.toString());
    }

    @Test
    void refusesWhatWouldNotParse() {
        PrometheusText out = new PrometheusText();
        assertThrows(IllegalArgumentException.class, () -> out.counter("requests", "A counter without _total."));
        assertThrows(IllegalStateException.class, () -> out.sample(1));
        assertThrows(IllegalArgumentException.class, () -> out.gauge("bad-name", "Dash."));
        out.gauge("g", "G.").sample(1);
        assertThrows(IllegalArgumentException.class, () -> out.sample("bad label", "v", 1));
        assertThrows(IllegalStateException.class, () -> out.gauge("g", "Twice in one scrape."));
        out.reset();
        out.gauge("g", "Again after a reset.").sample(2);
        assertTrue(out.toString().startsWith("# HELP g Again after a reset.\n"), out.toString());
    }

    @Test
    void promtoolAcceptsWhatItWrites() throws Exception {
        Promtool.require();
        PrometheusText out = new PrometheusText();
        out.counter("demo_requests_total", "Requests.").sample(NAMES, new String[] {"GET", "/a \"b\"\\\n"}, 12);
        out.gauge("demo_ratio", "A ratio.").sample(Double.NaN);
        out.histogram("demo_duration_seconds", "Durations.")
                .histogramSeries(NAMES, new String[] {"GET", "/a"}, HttpMetrics.BUCKETS, new long[15], 0)
                .histogramSeries(NAMES, new String[] {"POST", ""}, HttpMetrics.BUCKETS,
                        new long[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 30.001);
        assertNull(Promtool.check(out.toString()), out.toString());
        // and promtool does fail, on what the writer refuses to write: a counter without _total
        assertTrue(Promtool.check("# HELP x A counter.\n# TYPE x counter\nx 1\n") != null);
    }
}
