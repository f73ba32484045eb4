package ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful stop of a process behind a load balancer, apart from the signals that start it. The first
 * {@link #requestStop} turns {@link Readiness} to DRAINING at once and has every response from then on say
 * {@code Connection: close}; {@link #run} then keeps serving for the drain delay (so that the load balancer,
 * seeing {@code /readyz} 503, stops sending new connections, and closes its pooled ones after their next
 * response rather than meet them closed by the stop), stops
 * the server (no new connections, {@code Connection: close} on each next response, requests in flight
 * finish up to the shutdown timeout), stops the admin server and returns 0. A second request, at any point
 * of that, calls the {@code atOnce} action with status 1 (the CLI exits there) and makes {@link #run}
 * return 1 as soon as it can.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger("skep");

    private final Readiness readiness;
    private final Duration delay;
    private final Runnable drainServer;
    private final Runnable stopServer;
    private final Runnable stopAdmin;
    private final IntConsumer atOnce;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch first = new CountDownLatch(1);
    private final CountDownLatch second = new CountDownLatch(1);

    /**
     * @param readiness  turned DRAINING on the first request
     * @param delay       how long to keep serving after that before stopping the server (zero: none)
     * @param drainServer told on the first request: from then on the server answers {@code Connection: close}
     *                    while it still serves ({@code HttpServer::drain})
     * @param stopServer the graceful stop of the application server ({@code HttpServer::stop})
     * @param stopAdmin  stops the admin server (or does nothing when there is none)
     * @param atOnce     told the exit status (1) on a second request; the CLI exits the process there
     */
    public Drain(Readiness readiness, Duration delay, Runnable drainServer, Runnable stopServer, Runnable stopAdmin,
                 IntConsumer atOnce) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("drain delay must not be negative, got " + delay);
        }
        this.readiness = readiness;
        this.delay = delay;
        this.drainServer = drainServer;
        this.stopServer = stopServer;
        this.stopAdmin = stopAdmin;
        this.atOnce = atOnce;
    }

    /**
     * A stop request (SIGTERM, Ctrl-C), from any thread; returns at once. The first starts the drain; the
     * second stops at once; later ones are ignored.
     */
    public void requestStop() {
        int n = requests.incrementAndGet();
        if (n == 1) {
            readiness.drain();
            drainServer.run();
            log.info("Draining: /readyz answers 503, responses say Connection: close; still serving for {} ms, then"
                    + " stopping (again to stop at once)", delay.toMillis());
            first.countDown();
        } else if (n == 2) {
            log.warn("Second stop request: stopping at once (exit status 1)");
            second.countDown();
            atOnce.accept(1);
        }
    }

    /** True once a stop has been requested. */
    public boolean requested() {
        return requests.get() > 0;
    }

    /**
     * Waits for the first stop request, then runs the drain on the calling thread. Returns the exit status:
     * 0 after a graceful stop, 1 when a second request cut it short (the admin server is stopped either way).
     */
    public int run() throws InterruptedException {
        first.await();
        try {
            if (second.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                return 1;
            }
            stopServer.run();
            return second.getCount() == 0 ? 1 : 0;
        } finally {
            stopAdmin.run();
        }
    }
}
