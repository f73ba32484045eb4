package route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A route pattern split into segments: literal ({@code users}), parameter ({@code {id}}: one non-empty
 * segment) or tail ({@code {path...}}: the rest of the path, possibly empty, last only). The path after the
 * leading {@code /} is split at every {@code /}, so {@code /} is one empty literal segment and {@code /a/}
 * is {@code a} followed by an empty one: trailing slashes match exactly.
 */
final class Pattern {
    static final int LITERAL = 0;
    static final int PARAM = 1;
    static final int TAIL = 2;

    final String text;
    final int[] kinds;
    final byte[][] literals; // UTF-8 of each literal segment; null for parameters
    final String[] names;    // parameter names in order (the tail's last)
    final int[] positions;   // the segment index of each parameter

    private Pattern(String text, int[] kinds, byte[][] literals, String[] names, int[] positions) {
        this.text = text;
        this.kinds = kinds;
        this.literals = literals;
        this.names = names;
        this.positions = positions;
    }

    /** Parses {@code text}; IllegalArgumentException says what is wrong with it. */
    static Pattern parse(String text) {
        if (text == null || !text.startsWith("/")) {
            throw bad(text, "must start with '/'");
        }
        String[] segments = text.substring(1).split("/", -1);
        int[] kinds = new int[segments.length];
        byte[][] literals = new byte[segments.length][];
        List<String> names = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                String name = s.substring(1, s.length() - 1);
                boolean tail = name.endsWith("...");
                if (tail) {
                    name = name.substring(0, name.length() - 3);
                    if (i != segments.length - 1) {
                        throw bad(text, "a tail {" + name + "...} must be the last segment");
                    }
                }
                if (name.isEmpty() || name.contains("{") || name.contains("}")) {
                    throw bad(text, "a parameter needs a name: {name} or {name...}");
                }
                if (names.contains(name)) {
                    throw bad(text, "parameter {" + name + "} appears twice");
                }
                kinds[i] = tail ? TAIL : PARAM;
                names.add(name);
                positions.add(i);
            } else if (s.contains("{") || s.contains("}")) {
                throw bad(text, "a parameter is a whole segment: /{name}/, not '" + s + "'");
            } else {
                kinds[i] = LITERAL;
                literals[i] = s.getBytes(StandardCharsets.UTF_8);
            }
        }
        return new Pattern(text, kinds, literals, names.toArray(String[]::new),
                positions.stream().mapToInt(Integer::intValue).toArray());
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("bad route pattern \"" + text + "\": " + why);
    }
}
