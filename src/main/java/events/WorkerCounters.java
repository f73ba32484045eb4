package events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters striped per worker, summed when read: recording takes no lock, allocates nothing and shares no
 * cache line between workers. Each worker of the pool adds to its own stripe with a plain read and an opaque
 * write (it is the stripe's only writer); any other thread (a blocking handler's virtual thread, a completer)
 * adds to one shared stripe with an atomic add. A reader sums the stripes with opaque reads: each counter is
 * exact once the writers are quiet, and never goes backwards.
 */
public final class WorkerCounters {
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PAD = 8; // longs: one cache line between stripes

    private final WorkerPool pool;
    private final int counters;
    private final int stride;
    private final int shared; // the stripe of threads that are not this pool's workers
    private final long[] cells;

    /** {@code counters} counters, numbered 0 to {@code counters - 1}, for the workers of {@code pool}. */
    public WorkerCounters(WorkerPool pool, int counters) {
        if (counters < 1) {
            throw new IllegalArgumentException("at least one counter, got " + counters);
        }
        this.pool = pool;
        this.counters = counters;
        this.stride = (counters + PAD - 1) / PAD * PAD + PAD;
        this.shared = pool.size();
        this.cells = new long[(pool.size() + 1) * stride + PAD];
    }

    /** How many counters there are. */
    public int size() {
        return counters;
    }

    /** Adds {@code delta} to counter {@code counter}, on the calling thread's stripe. */
    public void add(int counter, long delta) {
        int worker = pool.currentIndex();
        if (worker >= 0) {
            int i = PAD + worker * stride + counter;
            CELLS.setOpaque(cells, i, cells[i] + delta);
        } else {
            CELLS.getAndAdd(cells, PAD + shared * stride + counter, delta);
        }
    }

    /** Adds one to counter {@code counter}. */
    public void increment(int counter) {
        add(counter, 1);
    }

    /** The sum of counter {@code counter} over all stripes. */
    public long sum(int counter) {
        long sum = 0;
        for (int s = 0; s <= shared; s++) {
            sum += (long) CELLS.getOpaque(cells, PAD + s * stride + counter);
        }
        return sum;
    }
}
