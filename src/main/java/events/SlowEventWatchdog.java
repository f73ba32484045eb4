package events;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a worker stays in one event too long (a handler that blocks without being marked blocking).
 * The workers pay one plain store per event ({@link WorkerPool} counts the events each one took); this daemon
 * thread samples the counts a few times a second, and a count that has not moved while its worker stayed
 * awake (not parked for want of work) for longer than the threshold means the worker is still in the event
 * it took then. One warning per stuck event, with the worker's stack.
 */
final class SlowEventWatchdog implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SlowEventWatchdog.class);
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final WorkerPool workers;
    private final long thresholdNanos;
    private final int[] lastCount;
    private final long[] since;       // when the worker was first seen awake with lastCount
    private final boolean[] watching; // the worker was awake at the last sample, with lastCount
    private final boolean[] warned;   // warned about the event lastCount names
    private volatile boolean running = true;
    private Thread thread;

    SlowEventWatchdog(WorkerPool workers, long thresholdNanos) {
        this.workers = workers;
        this.thresholdNanos = thresholdNanos;
        int n = workers.size();
        this.lastCount = new int[n];
        this.since = new long[n];
        this.watching = new boolean[n];
        this.warned = new boolean[n];
    }

    void start() {
        thread = new Thread(this, "skep-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and waits for it (briefly: it only samples), so that a stopped server leaves none. */
    void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(SAMPLE_NANOS);
            sample(System.nanoTime());
        }
    }

    private void sample(long now) {
        for (int i = 0; i < lastCount.length; i++) {
            int count = workers.eventsTaken(i);
            if (workers.isSleeping(i)) {
                watching[i] = false; // idle: no event to time
            } else if (!watching[i] || count != lastCount[i]) {
                // First seen awake in this event: it may have started just now, so time it from here (the
                // warning says "at least"); an awake worker between events takes the next at once.
                watching[i] = true;
                lastCount[i] = count;
                since[i] = now;
                warned[i] = false;
            } else if (!warned[i] && now - since[i] >= thresholdNanos) {
                warned[i] = true;
                Thread worker = workers.thread(i);
                log.warn("Worker {} has been in one event for at least {} ms: a handler that blocks holds a worker"
                                + " that every connection shares; mark it blocking (Handler.blocking()). Its stack:{}",
                        worker.getName(), TimeUnit.NANOSECONDS.toMillis(now - since[i]), stack(worker));
            }
        }
    }

    private static String stack(Thread thread) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            sb.append("\n\tat ").append(frame);
        }
        return sb.toString();
    }
}
