package http;

import java.util.ArrayList;
import java.util.List;

/**
 * The cookies of one request, from its {@code Cookie} header(s) ({@code name=value; name2=value2}, RFC 6265
 * section 4.2.1), parsed on the first lookup and kept until the next request. Values are returned as sent,
 * without the optional double quotes; they are not decoded.
 */
final class Cookies {
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

    String get(Request request, String name) {
        if (!parsed) {
            parsed = true;
            for (int i = 0; i < request.headerCount(); i++) {
                if (request.nameIs(i, "cookie")) {
                    parse(request.headerValue(i));
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    private void parse(String header) {
        int start = 0;
        while (start < header.length()) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = header.length();
            }
            String pair = header.substring(start, end).strip();
            int equals = pair.indexOf('=');
            if (equals > 0) { // a pair without a name is not a cookie
                String value = pair.substring(equals + 1).strip();
                if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                    value = value.substring(1, value.length() - 1);
                }
                names.add(pair.substring(0, equals).strip());
                values.add(value);
            }
            start = end + 1;
        }
    }
}
