package events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N worker threads taking sessions from one shared MPMC queue.
 *
 * <p>Sleeping without lost wake-ups (DESIGN.md rule 10): an idle worker spins, then marks itself sleeping,
 * counts itself in {@link #sleepers}, looks at the queue once more and only then parks. The submitter
 * enqueues first and then looks at {@link #sleepers}. Both sides put a full fence between their write and
 * their read, so at least one of them sees the other: either the worker finds the item, or the submitter
 * finds the sleeper and unparks it. Whoever flips a worker's flag from sleeping to awake decrements the count.
 */
public final class WorkerPool {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;
    private static final int PAD = 16; // ints per worker in eventsTaken: 64 bytes (longs in busyNanos: 128)
    private static final VarHandle BUSY = MethodHandles.arrayElementVarHandle(long[].class);

    private final MpmcVarHandleArrayQueue<Session> queue;
    private final WorkerThread[] threads;
    private final AtomicIntegerArray state;
    private final AtomicInteger sleepers = new AtomicInteger();
    private final IdleStrategy idleStrategy;
    // Events taken per worker, one plain store per event (for the watchdog); a cache line apart.
    private final AtomicIntegerArray eventsTaken;
    // Nanoseconds each worker spent running events, when measured (one plain store per event); padded.
    private final long[] busyNanos;
    private boolean measureBusyTime;
    private SlowEventWatchdog watchdog;
    private volatile boolean running = true;

    /** A worker thread knows its pool and index, so per-worker state needs no lookup ({@link #currentIndex}). */
    private static final class WorkerThread extends Thread {
        final WorkerPool pool;
        final int index;

        WorkerThread(WorkerPool pool, int index, String name) {
            super(name);
            this.pool = pool;
            this.index = index;
        }

        @Override
        public void run() {
            pool.work(index);
        }
    }

    /**
     * @param capacity at least the number of sessions that can be queued at once; with one-shot events and
     *                 take-backs that silence a session (DESIGN.md rule 12) each session is queued at most
     *                 once, so the connection limit is enough
     */
    public WorkerPool(int workers, int capacity, IdleStrategy idleStrategy, String namePrefix) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.queue = new MpmcVarHandleArrayQueue<>(Math.max(2, capacity));
        this.threads = new WorkerThread[workers];
        this.state = new AtomicIntegerArray(workers);
        this.idleStrategy = idleStrategy;
        this.eventsTaken = new AtomicIntegerArray(workers * PAD);
        this.busyNanos = new long[(workers + 1) * PAD];
        for (int i = 0; i < workers; i++) {
            threads[i] = new WorkerThread(this, i, namePrefix + i);
            threads[i].setDaemon(true);
        }
    }

    /**
     * The index (0 to {@code size() - 1}) of the calling thread if it is one of this pool's workers, else -1.
     * A type check and a field read: cheap enough for every event.
     */
    public int currentIndex() {
        return Thread.currentThread() instanceof WorkerThread w && w.pool == this ? w.index : -1;
    }

    /** Measure the time each worker spends running events ({@link #busyNanos}): two clock reads per event. */
    public void measureBusyTime(boolean measure) {
        if (threads[0].getState() != Thread.State.NEW) {
            throw new IllegalStateException("call before start");
        }
        this.measureBusyTime = measure;
    }

    /** Nanoseconds worker {@code worker} has spent running events since it started; 0 unless measured. */
    public long busyNanos(int worker) {
        return (long) BUSY.getOpaque(busyNanos, (worker + 1) * PAD);
    }

    /** Events waiting in the shared queue for a worker right now (approximate while it changes). */
    public int queued() {
        return queue.size();
    }

    /**
     * Logs a warning with the worker's stack when a worker stays in one event longer than
     * {@code thresholdNanos} (0: never). Call before {@link #start}.
     */
    public void warnAfter(long thresholdNanos) {
        watchdog = thresholdNanos > 0 ? new SlowEventWatchdog(this, thresholdNanos) : null;
    }

    public void start() {
        for (Thread t : threads) {
            t.start();
        }
        if (watchdog != null) {
            watchdog.start();
        }
    }

    int eventsTaken(int worker) {
        return eventsTaken.getOpaque(worker * PAD);
    }

    boolean isSleeping(int worker) {
        return state.get(worker) == SLEEPING;
    }

    Thread thread(int worker) {
        return threads[worker];
    }

    public int size() {
        return threads.length;
    }

    /** Number of workers parked right now (for tests). */
    public int sleeping() {
        return sleepers.get();
    }

    /** Queues one ready session and wakes a sleeping worker if there is one. */
    public void submit(Session session) {
        while (!queue.offer(session)) {
            // Cannot happen while capacity >= live sessions; if it does, wait for a worker rather than drop.
            wakeOne();
            Thread.onSpinWait();
        }
        VarHandle.fullFence();
        if (sleepers.get() > 0) {
            wakeOne();
        }
    }

    private void wakeOne() {
        for (int i = 0; i < threads.length; i++) {
            if (state.get(i) == SLEEPING && state.compareAndSet(i, SLEEPING, AWAKE)) {
                sleepers.decrementAndGet();
                LockSupport.unpark(threads[i]);
                return;
            }
        }
    }

    private void work(int index) {
        int emptyPolls = 0;
        int taken = 0;
        boolean measure = measureBusyTime;
        int busy = (index + 1) * PAD;
        while (running) {
            Session session = queue.poll();
            if (session != null) {
                emptyPolls = 0;
                eventsTaken.setPlain(index * PAD, ++taken); // the watchdog's only cost here
                if (measure) {
                    long start = System.nanoTime();
                    run(session);
                    BUSY.setOpaque(busyNanos, busy, busyNanos[busy] + System.nanoTime() - start);
                } else {
                    run(session);
                }
                continue;
            }
            if (idleStrategy.idle(++emptyPolls)) {
                continue;
            }
            state.set(index, SLEEPING);
            sleepers.incrementAndGet(); // full fence: the isEmpty below cannot move above it
            if (queue.isEmpty() && running) {
                LockSupport.park(this);
            }
            if (state.compareAndSet(index, SLEEPING, AWAKE)) {
                sleepers.decrementAndGet(); // woke by itself (work seen, spurious wake-up or stop)
            }
            emptyPolls = 0;
        }
    }

    private static void run(Session session) {
        try {
            session.onReady(session.readyOps);
        } catch (Throwable t) {
            // DESIGN.md rule 11: nothing leaves a worker. The session is in an unknown state: close it.
            log.error("Unexpected error on a connection; closing it", t);
            try {
                session.close();
            } catch (Throwable again) {
                log.error("Error while closing a failed connection", again);
            }
        }
    }

    /**
     * Stops the workers after their current event and waits for them up to {@code timeoutMillis}. Returns
     * true when all of them have stopped; a worker still in a handler keeps its session until it returns.
     */
    public boolean stop(long timeoutMillis) {
        running = false;
        if (watchdog != null) {
            watchdog.stop();
        }
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** After {@link #stop}: waits, without a bound, until every worker has left (a handler has returned). */
    void awaitStopped() {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * After {@link #stop}: hands every session still queued to {@code action}. No worker takes from the queue
     * once stopping (one still in a handler leaves when it returns), so these sessions have no other owner.
     */
    void drain(Consumer<Session> action) {
        Session session;
        while ((session = queue.poll()) != null) {
            action.accept(session);
        }
    }
}
