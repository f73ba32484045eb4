package sse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import http.Handler;
import http.HttpServer;
import http.Request;
import http.Response;
import http.ServerOptions;

/**
 * The server-sent events example: every subscriber gets a {@code tick} event each period (a second by
 * default) with a count and the time, on a blocking handler of its own; a comment heartbeat goes out before
 * the first one. A subscriber that goes away ends its handler (the next write fails) and frees its permit.
 * Run it: {@code java -cp ... sse.Ticker 8080}, then {@code curl -N http://127.0.0.1:8080/}.
 */
public final class Ticker implements Handler {
    private final Duration period;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    public Ticker(Duration period) {
        this.period = period;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        subscribers.incrementAndGet();
        try (EventStream events = EventStream.open(response)) {
            events.comment("ticks every " + period.toMillis() + " ms");
            for (long n = 0; ; n++) {
                events.event("tick", n + "\n" + Instant.now(), Long.toString(n));
                Thread.sleep(period);
            }
        } catch (IOException gone) {
            // the subscriber went away: this handler ends, its virtual thread and permit go back
        } finally {
            subscribers.decrementAndGet();
            ended.incrementAndGet();
        }
    }

    @Override
    public boolean blocking() {
        return true;
    }

    /** Subscribers connected now. */
    public int subscribers() {
        return subscribers.get();
    }

    /** Subscriptions that have ended. */
    public int ended() {
        return ended.get();
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (HttpServer server = HttpServer.start(new ServerOptions().port(port), new Ticker(Duration.ofSeconds(1)))) {
            System.out.println("ticking on http://127.0.0.1:" + server.port() + "/");
            Thread.currentThread().join();
        }
    }
}
