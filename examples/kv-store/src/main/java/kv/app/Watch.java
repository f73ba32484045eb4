package kv.app;

import http.Deferred;
import http.Response;
import http.Status;
import kv.store.Change;
import kv.store.Json;
import kv.store.Store;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A long poll on one key: a deferred response completed by the key's next change, from the thread that made
 * it, or by the timer with 204. Exactly one of them completes it ({@link Deferred#complete} may be called
 * only once); both then stop listening.
 */
final class Watch implements Consumer<Change> {
    private final String key;
    private final Deferred answer;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile AutoCloseable subscription;
    private volatile ScheduledFuture<?> timeout;

    private Watch(String key, Deferred answer) {
        this.key = key;
        this.answer = answer;
    }

    static void start(Store store, ScheduledExecutorService timer, String key, Deferred answer, long millis) {
        Watch watch = new Watch(key, answer);
        watch.subscription = store.subscribe(watch);
        watch.timeout = timer.schedule(() -> watch.finish(r -> r.status(204)), millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(Change change) {
        if (change.key().equals(key)) {
            // Runs under the store's lock: filling a response does not block.
            finish(r -> KvRoutes.json(r, Status.OK, Json.change(change)));
        }
    }

    private void finish(Consumer<Response> fill) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        answer.complete(fill); // false when the client has gone or the handler timeout answered: nothing to do
    }
}
