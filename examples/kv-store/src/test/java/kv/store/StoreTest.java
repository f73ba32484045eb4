package kv.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {
    @Test
    void putGetDeleteAndVersions() {
        Store store = new Store();
        assertNull(store.get("a"));
        assertEquals(new Change(1, "a", "1"), store.put("a", "1"));
        assertEquals(new Change(2, "a", "2"), store.put("a", "2"));
        assertEquals("2", store.get("a"));
        assertEquals(new Change(3, "a", null), store.delete("a"));
        assertNull(store.delete("a"), "deleting a missing key changes nothing");
        assertEquals(3, store.version());
        assertEquals(0, store.size());
    }

    @Test
    void listsByPrefixInKeyOrder() {
        Store store = new Store();
        for (String key : List.of("user/2", "user/10", "team/1", "user/1", "user", "users/1")) {
            store.put(key, key.toUpperCase());
        }
        assertEquals(List.of("user/1", "user/10", "user/2"), keys(store.list("user/")));
        assertEquals(List.of("team/1", "user", "user/1", "user/10", "user/2", "users/1"), keys(store.list("")));
        assertEquals(List.of(), keys(store.list("zz")));
    }

    @Test
    void scansEveryEntryInPagesAndSeesWritesAheadOfIt() {
        Store store = new Store();
        for (int i = 0; i < 10; i++) {
            store.put("k" + i, "v" + i);
        }
        Iterator<Map.Entry<String, String>> scan = store.scan(3);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(scan.next().getKey());
        }
        store.put("k00", "behind"); // before k1: already passed
        store.put("k99", "ahead");
        scan.forEachRemaining(e -> seen.add(e.getKey()));
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k99"), seen);
        assertFalse(scan.hasNext());
        assertFalse(new Store().scan(3).hasNext(), "an empty store scans nothing");
    }

    @Test
    void subscribersSeeEveryChangeInOrderUntilTheyClose() throws Exception {
        Store store = new Store();
        List<Change> seen = new ArrayList<>();
        AutoCloseable subscription = store.subscribe(seen::add);
        store.put("a", "1");
        store.delete("a");
        store.delete("missing");
        subscription.close();
        store.put("b", "2");
        assertEquals(List.of(new Change(1, "a", "1"), new Change(2, "a", null)), seen);
        assertTrue(seen.get(1).deleted());
    }

    private static List<String> keys(List<Map.Entry<String, String>> entries) {
        return entries.stream().map(Map.Entry::getKey).toList();
    }
}
