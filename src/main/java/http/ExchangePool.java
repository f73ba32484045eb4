package http;

import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/** Lock-free pool of {@link Exchange}s; makes a new one when empty, drops returns when full. */
final class ExchangePool {
    private final Limits limits;
    private final MpmcVarHandleArrayQueue<Exchange> free;

    ExchangePool(Limits limits, int retained) {
        this.limits = limits;
        this.free = new MpmcVarHandleArrayQueue<>(Math.max(2, retained));
    }

    Exchange acquire() {
        Exchange x = free.poll();
        return x != null ? x : new Exchange(limits);
    }

    void release(Exchange x) {
        x.clear();
        free.offer(x);
    }
}
