package kv.store;

import java.util.List;
import java.util.Map;

/** The store's JSON, written by hand: strings, an entry, a list of entries, a change. */
public final class Json {
    private Json() {
    }

    /** {@code text} as a JSON string literal, quotes included (RFC 8259 section 7). */
    public static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code {"key":...,"value":...}}. */
    public static String entry(String key, String value) {
        return "{\"key\":" + string(key) + ",\"value\":" + string(value) + "}";
    }

    /** {@code {"entries":[...]}} in the list's order. */
    public static String entries(List<Map.Entry<String, String>> entries) {
        StringBuilder out = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(entry(entries.get(i).getKey(), entries.get(i).getValue()));
        }
        return out.append("]}").toString();
    }

    /** {@code {"version":N,"key":...,"value":...}}, the value null for a delete. */
    public static String change(Change change) {
        return "{\"version\":" + change.version() + ",\"key\":" + string(change.key()) + ",\"value\":"
                + (change.deleted() ? "null" : string(change.value())) + "}";
    }

    /** {@code {"error":...}}. */
    public static String error(String message) {
        return "{\"error\":" + string(message) + "}";
    }
}
