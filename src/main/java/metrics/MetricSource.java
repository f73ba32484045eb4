package metrics;

/**
 * Extra metrics a {@link MetricsHandler} writes into every scrape ({@link MetricsHandler#register}), e.g. the
 * access log's dropped lines. Called on the scraping thread: it should read counters, not compute.
 */
@FunctionalInterface
public interface MetricSource {
    /** Writes this source's families (each opened once, see {@link PrometheusText}) into {@code out}. */
    void writeTo(PrometheusText out);
}
