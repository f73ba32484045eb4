package http;

/**
 * The cookies of one request, from its {@code Cookie} header(s) ({@code name=value; name2=value2}, RFC 6265
 * section 4.2.1), parsed on the first lookup and kept until the next request. Values are returned as sent,
 * without the optional double quotes; they are not decoded.
 */
final class Cookies extends LazyPairs {
    @Override
    void parse(Request request) {
        for (int i = 0; i < request.headerCount(); i++) {
            if (request.nameIs(i, "cookie")) {
                parse(request.headerValue(i));
            }
        }
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
                add(pair.substring(0, equals).strip(), value);
            }
            start = end + 1;
        }
    }
}
