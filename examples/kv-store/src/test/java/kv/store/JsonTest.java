package kv.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    @Test
    void escapesWhatJsonRequires() {
        assertEquals("\"plain\"", Json.string("plain"));
        assertEquals("\"q\\\"b\\\\n\\nt\\tr\\r\\u0001\"", Json.string("q\"b\\n\nt\tr\r\u0001"));
        assertEquals("\"caf\u00e9 \ud83d\udc1d\"", Json.string("caf\u00e9 \ud83d\udc1d"), "non-ASCII stays as it is");
    }

    @Test
    void writesEntriesAndChanges() {
        assertEquals("{\"key\":\"a\",\"value\":\"1\"}", Json.entry("a", "1"));
        assertEquals("{\"entries\":[]}", Json.entries(List.of()));
        assertEquals("{\"entries\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\",\"value\":\"2\"}]}",
                Json.entries(List.of(Map.entry("a", "1"), Map.entry("b", "2"))));
        assertEquals("{\"version\":7,\"key\":\"a\",\"value\":null}", Json.change(new Change(7, "a", null)));
        assertEquals("{\"version\":8,\"key\":\"a\",\"value\":\"x\"}", Json.change(new Change(8, "a", "x")));
        assertEquals("{\"error\":\"no\"}", Json.error("no"));
    }
}
