package http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of one request as {@code application/x-www-form-urlencoded} pairs ({@code a=1&b=x+y%21}),
 * decoded on the first lookup and kept until the next request. A malformed escape leaves that name or value
 * as sent rather than failing the request.
 */
final class QueryParameters {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private boolean parsed;

    void clear() {
        if (parsed) {
            names.clear();
            values.clear();
            parsed = false;
        }
    }

    String first(Request request, String name) {
        parse(request);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    List<String> all(Request request, String name) {
        parse(request);
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

    private void parse(Request request) {
        if (parsed) {
            return;
        }
        parsed = true;
        int end = request.queryEnd();
        int pairStart = request.queryStart();
        while (pairStart < end) {
            int pairEnd = pairStart;
            int equals = -1;
            while (pairEnd < end && request.byteAt(pairEnd) != '&') {
                if (equals < 0 && request.byteAt(pairEnd) == '=') {
                    equals = pairEnd;
                }
                pairEnd++;
            }
            if (pairEnd > pairStart) { // "a&&b": empty pairs are skipped
                int nameEnd = equals < 0 ? pairEnd : equals;
                names.add(decode(request, pairStart, nameEnd));
                values.add(equals < 0 ? "" : decode(request, equals + 1, pairEnd));
            }
            pairStart = pairEnd + 1;
        }
    }

    private static String decode(Request request, int from, int to) {
        String text = request.decode(from, to, true);
        if (text != null) {
            return text;
        }
        byte[] raw = new byte[to - from];
        for (int i = from; i < to; i++) {
            raw[i - from] = request.byteAt(i);
        }
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
