package files;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Open files with their metadata and encoded headers, keyed by the raw request path (nginx's
 * {@code open_file_cache}): a hit is one lock-free map lookup with a per-thread key, no allocation, no
 * system call. An entry older than {@link #VALIDITY_NANOS} is checked against the disk again (one stat per
 * file per period) by whoever hits it first. The size is bounded: past it, an entry not used since the last
 * sweep is evicted (CLOCK, second chance); evicting or closing releases the cache's reference, and the
 * descriptor closes once responses still sending it are done.
 */
final class FileCache implements AutoCloseable {
    /** How long metadata is trusted before it is checked again. */
    static final long VALIDITY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int capacity;
    private final ConcurrentHashMap<RawPathKey, FileEntry> entries;
    private boolean closed; // guarded by this

    FileCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 4096) * 2);
    }

    /** The entry for {@code key}, or null; marks it used. Its metadata may be stale: see {@link #fresh}. */
    FileEntry get(RawPathKey key) {
        FileEntry entry = entries.get(key);
        if (entry != null && !entry.used) {
            entry.used = true; // written only when clear: a hot entry's cache line stays shared
        }
        return entry;
    }

    /** True when {@code entry}'s metadata was checked less than the validity period ago. */
    static boolean fresh(FileEntry entry, long now) {
        return now - entry.checkedNanos < VALIDITY_NANOS;
    }

    /** Drops {@code entry} (found changed on disk) if it is still the one cached under {@code key}. */
    void invalidate(RawPathKey key, FileEntry entry) {
        if (entries.remove(key, entry)) {
            entry.release();
        }
    }

    /**
     * Caches {@code entry} under a copy of {@code key}, evicting as needed.
     *
     * @return false when it was not cached (another thread cached one first, or the cache is closed): the
     *         caller keeps its reference and releases it after use
     */
    synchronized boolean put(RawPathKey key, FileEntry entry) {
        if (closed || entries.putIfAbsent(key.copy(), entry) != null) {
            return false;
        }
        while (entries.size() > capacity) {
            evictOne(entry);
        }
        return true;
    }

    /** Evicts one entry not used since the sweep last passed it (never {@code keep}, the one just added). */
    private void evictOne(FileEntry keep) {
        Map.Entry<RawPathKey, FileEntry> victim = null;
        for (int pass = 0; pass < 2 && victim == null; pass++) {
            for (Iterator<Map.Entry<RawPathKey, FileEntry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<RawPathKey, FileEntry> e = it.next();
                if (e.getValue() == keep) {
                    continue;
                }
                if (!e.getValue().used) {
                    victim = e;
                    break;
                }
                e.getValue().used = false; // a second chance: evicted if unused until the sweep comes back
            }
        }
        if (victim != null && entries.remove(victim.getKey(), victim.getValue())) {
            victim.getValue().release();
        }
    }

    /** How many files are cached. */
    int size() {
        return entries.size();
    }

    /** Releases every entry; later puts are refused. */
    @Override
    public synchronized void close() {
        closed = true;
        for (RawPathKey key : entries.keySet()) {
            FileEntry entry = entries.remove(key);
            if (entry != null) {
                entry.release();
            }
        }
    }
}
