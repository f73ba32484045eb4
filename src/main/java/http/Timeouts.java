package http;

import java.time.Duration;

/**
 * How long a connection may wait on its client.
 *
 * @param header    for a whole request head, from its first byte or from the end of the previous response;
 *                  bytes trickling in do not extend it (408)
 * @param body      between two reads of a request body (408)
 * @param keepAlive for the next request on an idle keep-alive connection (closed quietly)
 * @param write     for a client that does not read its response (closed)
 */
public record Timeouts(Duration header, Duration body, Duration keepAlive, Duration write) {
    public static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30));

    public Timeouts {
        for (Duration d : new Duration[] {header, body, keepAlive, write}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }
}
