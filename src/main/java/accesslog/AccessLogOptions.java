package accesslog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where and how an {@link AccessLog} writes. Fluent setters; by default: standard output, combined format. */
public final class AccessLogOptions {
    private Path file;
    private AccessLogFormat format = AccessLogFormat.COMBINED;
    private final List<String> excludedPaths = new ArrayList<>();
    private int queueCapacity = 16_384;

    /** The file written to (appended to, created if missing); null for standard output. */
    public Path file() {
        return file;
    }

    /** Writes to {@code file}, appending; {@link AccessLog#reopen()} opens it again after a rotation. */
    public AccessLogOptions file(Path file) {
        this.file = file;
        return this;
    }

    /** Writes to standard output (the default); never reopened. */
    public AccessLogOptions standardOutput() {
        this.file = null;
        return this;
    }

    /** The format of the lines. */
    public AccessLogFormat format() {
        return format;
    }

    /** Sets the format of the lines (default {@link AccessLogFormat#COMBINED}). */
    public AccessLogOptions format(AccessLogFormat format) {
        if (format == null) {
            throw new IllegalArgumentException("format is null");
        }
        this.format = format;
        return this;
    }

    /** The request paths not logged. */
    public List<String> excludedPaths() {
        return List.copyOf(excludedPaths);
    }

    /**
     * Does not log requests whose path (as sent, without the query) is exactly {@code path}, e.g.
     * {@code /readyz} for a load balancer's probes. Requests the server could not read are always logged.
     */
    public AccessLogOptions exclude(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("excluded path is empty");
        }
        excludedPaths.add(path);
        return this;
    }

    /** How many lines can wait for the writer. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * How many lines can wait for the writer (default 16,384, about 1 KiB of memory each, held for the log's
     * life); a line that finds the queue full is dropped and counted ({@link AccessLog#dropped()}).
     */
    public AccessLogOptions queueCapacity(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + lines);
        }
        this.queueCapacity = lines;
        return this;
    }
}
