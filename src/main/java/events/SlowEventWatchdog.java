package events;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a worker stays in one event too long (a handler that blocks without being marked blocking).
 * The workers pay one plain store per event ({@link WorkerPool} counts the events each one took); this daemon
 * thread samples the counts a few times a second, and a count that has not moved while its worker was awake
 * for longer than the threshold means the worker is still in the event it took then. One warning per stuck
 * event, with the worker's stack.
 */
final class SlowEventWatchdog implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SlowEventWatchdog.class);
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final WorkerPool workers;
    private final long thresholdNanos;
    private final int[] lastCount;
    private final long[] since;       // when lastCount was first seen (or the worker last seen asleep)
    private final boolean[] warned;   // warned about the event lastCount names
    private volatile boolean running = true;
    private Thread thread;

    SlowEventWatchdog(WorkerPool workers, long thresholdNanos) {
        this.workers = workers;
        this.thresholdNanos = thresholdNanos;
        int n = workers.size();
        this.lastCount = new int[n];
        this.since = new long[n];
        this.warned = new boolean[n];
    }

    void start() {
        long now = System.nanoTime();
        java.util.Arrays.fill(since, now);
        thread = new Thread(this, "skep-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
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
            if (count != lastCount[i] || workers.isSleeping(i)) {
                lastCount[i] = count;
                since[i] = now;
                warned[i] = false;
            } else if (!warned[i] && now - since[i] >= thresholdNanos) {
                warned[i] = true;
                Thread worker = workers.thread(i);
                log.warn("Worker {} has been in one event for at least {} ms: a handler that blocks holds a worker that"
                                + " every connection shares; mark it blocking (Handler.blocking()). Its stack:{}",
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
