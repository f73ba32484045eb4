package http;

import java.nio.charset.StandardCharsets;

/**
 * The query of one request as {@code application/x-www-form-urlencoded} pairs ({@code a=1&b=x+y%21}),
 * decoded on the first lookup and kept until the next request. A malformed escape leaves that name or value
 * as sent rather than failing the request.
 */
final class QueryParameters extends LazyPairs {
    @Override
    void parse(Request request) {
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
                add(decode(request, pairStart, nameEnd), equals < 0 ? "" : decode(request, equals + 1, pairEnd));
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
