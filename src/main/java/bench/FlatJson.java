package bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the one flat JSON object that the wrk script prints: string keys, number values, nothing nested.
 * Small on purpose; anything else is an error with the offending text in it.
 */
final class FlatJson {
    private FlatJson() {
    }

    static Map<String, Double> parse(String text) {
        String s = text.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(s));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        String body = s.substring(1, s.length() - 1).strip();
        if (body.isEmpty()) {
            return values;
        }
        for (String member : body.split(",")) {
            int colon = member.indexOf(':');
            String key = colon < 0 ? "" : member.substring(0, colon).strip();
            if (key.length() < 2 || key.charAt(0) != '"' || key.charAt(key.length() - 1) != '"') {
                throw new IllegalArgumentException("bad member '" + member.strip() + "' in " + abbreviate(s));
            }
            try {
                values.put(key.substring(1, key.length() - 1), Double.parseDouble(member.substring(colon + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number in '" + member.strip() + "' in " + abbreviate(s), e);
            }
        }
        return values;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
