package kv.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The key-value store: string keys in sorted order, string values, and a feed of changes. Thread-safe: every
 * method may be called from any thread (handlers on workers and on virtual threads share one store).
 *
 * <p>One lock orders writes and their changes, so that every subscriber sees the changes in the order the
 * store made them; listeners run under it and must only hand the change on (e.g. to a queue).
 */
public final class Store {
    private final NavigableMap<String, String> entries = new TreeMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private long version;

    /** The value of {@code key}, or null. */
    public synchronized String get(String key) {
        return entries.get(key);
    }

    /** Sets {@code key} to {@code value}; returns the change, whose version tells the order. */
    public synchronized Change put(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null: delete removes a key");
        }
        entries.put(key, value);
        return publish(new Change(++version, key, value));
    }

    /** Removes {@code key}; returns the change, or null when there was no such key (no change then). */
    public synchronized Change delete(String key) {
        if (entries.remove(key) == null) {
            return null;
        }
        return publish(new Change(++version, key, null));
    }

    /** The entries whose key starts with {@code prefix} ("" for all), in key order: a copy. */
    public synchronized List<Map.Entry<String, String>> list(String prefix) {
        List<Map.Entry<String, String>> found = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            found.add(Map.entry(e.getKey(), e.getValue()));
        }
        return found;
    }

    /**
     * All entries in key order, read lazily in pages of {@code page} entries, each page a copy taken under
     * the lock: a long download neither holds the lock nor copies the whole store. A key written while the
     * iteration is past it is not seen; one written ahead of it is.
     */
    public Iterator<Map.Entry<String, String>> scan(int page) {
        return new Iterator<>() {
            private List<Map.Entry<String, String>> batch = List.of();
            private int next;
            private String after; // the last key returned; null before the first
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (next < batch.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                batch = pageAfter(after, page);
                next = 0;
                exhausted = batch.size() < page;
                return !batch.isEmpty();
            }

            @Override
            public Map.Entry<String, String> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Map.Entry<String, String> e = batch.get(next++);
                after = e.getKey();
                return e;
            }
        };
    }

    private synchronized List<Map.Entry<String, String>> pageAfter(String after, int page) {
        NavigableMap<String, String> rest = after == null ? entries : entries.tailMap(after, false);
        List<Map.Entry<String, String>> found = new ArrayList<>(Math.min(page, rest.size()));
        for (Map.Entry<String, String> e : rest.entrySet()) {
            if (found.size() == page) {
                break;
            }
            found.add(Map.entry(e.getKey(), e.getValue()));
        }
        return found;
    }

    /** The number of entries. */
    public synchronized int size() {
        return entries.size();
    }

    /** The version of the last change (0 before any). */
    public synchronized long version() {
        return version;
    }

    /**
     * Calls {@code listener} with every later change, under the store's lock (it must not block); closing
     * the returned handle stops that.
     */
    public AutoCloseable subscribe(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private Change publish(Change change) {
        for (Consumer<Change> listener : listeners) {
            listener.accept(change);
        }
        return change;
    }
}
