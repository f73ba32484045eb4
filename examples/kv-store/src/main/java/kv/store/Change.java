package kv.store;

/**
 * One change to the store, in the order the store made them.
 *
 * @param version the store's version after this change (1 for the first change, then 2, 3, ...)
 * @param key     the key that changed
 * @param value   the new value, or null when the key was deleted
 */
public record Change(long version, String key, String value) {
    /** True when this change deleted its key. */
    public boolean deleted() {
        return value == null;
    }
}
