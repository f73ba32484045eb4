package kv.app;

import http.Handler;
import http.Request;
import http.Response;
import kv.store.Change;
import kv.store.Json;
import kv.store.Store;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * GET /events: the store's changes as server-sent events ({@code text/event-stream}), for as long as the
 * client listens. A blocking route: each subscriber holds a virtual thread that waits for changes and writes
 * them to Response.outputStream, flushing each event. A comment line every second finds clients that left
 * (the write fails); a subscriber more than {@link #BACKLOG} changes behind is told so and dropped.
 */
final class ChangeFeed implements Handler {
    static final int BACKLOG = 1024;
    static final long HEARTBEAT_MILLIS = 1000;
    /** Put in every subscriber's queue by close(): the stream ends. */
    private static final Change END = new Change(-1, "", null);

    private final Store store;
    private final Set<BlockingQueue<Change>> subscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ChangeFeed(Store store) {
        this.store = store;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        BlockingQueue<Change> queue = new ArrayBlockingQueue<>(BACKLOG + 1);
        subscribers.add(queue);
        AutoCloseable subscription = store.subscribe(change -> {
            if (!queue.offer(change)) {
                queue.clear(); // too far behind: END tells the loop
                queue.offer(END);
            }
        });
        try {
            response.contentType("text/event-stream").header("Cache-Control", "no-cache");
            OutputStream out = response.outputStream();
            // Sent at once, so that a client knows it is subscribed: every later change reaches it.
            write(out, ": subscribed at version " + store.version() + "\n\n");
            while (!closed) {
                Change change = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (change == null) {
                    write(out, ":\n\n");
                } else if (change == END) {
                    break;
                } else {
                    write(out, "id: " + change.version() + "\nevent: " + (change.deleted() ? "delete" : "put")
                            + "\ndata: " + Json.change(change) + "\n\n");
                }
            }
        } finally {
            subscription.close();
            subscribers.remove(queue);
        }
    }

    private static void write(OutputStream out, String event) throws java.io.IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush(); // send it now: an event is useless late
    }

    /** Ends every subscriber's stream (before the server stops, so that it need not wait for them). */
    void close() {
        closed = true;
        for (BlockingQueue<Change> queue : subscribers) {
            queue.clear();
            queue.offer(END);
        }
    }
}
