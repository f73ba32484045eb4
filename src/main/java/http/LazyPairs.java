package http;

import java.util.ArrayList;
import java.util.List;

/**
 * Name/value pairs of one request (its query, its cookies), parsed from the request on the first lookup and
 * kept until the next request: most requests never ask, and pay nothing.
 */
abstract class LazyPairs {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private boolean parsed;

    /** Reads every pair of {@code request}, calling {@link #add} for each. */
    abstract void parse(Request request);

    final void add(String name, String value) {
        names.add(name);
        values.add(value);
    }

    final void clear() {
        if (parsed) {
            names.clear();
            values.clear();
            parsed = false;
        }
    }

    /** The first value of {@code name}, or null. */
    final String first(Request request, String name) {
        ensureParsed(request);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order; empty when there is none. */
    final List<String> all(Request request, String name) {
        ensureParsed(request);
        List<String> found = null;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(values.get(i));
            }
        }
        return found == null ? List.of() : List.copyOf(found);
    }

    private void ensureParsed(Request request) {
        if (!parsed) {
            parsed = true;
            parse(request);
        }
    }
}
