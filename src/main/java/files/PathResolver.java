package files;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns a request's raw path into a file under the root, or refuses it. Each segment is percent-decoded
 * exactly once ({@code %252e} stays the three characters {@code %2e}) and must then be valid UTF-8 (overlong
 * forms such as {@code %c0%ae} are invalid); a segment that is {@code .}, {@code ..} or any other name
 * starting with a dot (dotfiles: {@code .git}, {@code .env}), or that holds a NUL or other control
 * character, a backslash or an encoded {@code /}, is refused. Empty segments ({@code //}) are skipped. Then,
 * unless symlinks are followed, the file's real path must lie under the root's real path.
 */
public final class PathResolver {
    /** What became of a raw path. */
    public enum Outcome {
        /** A path under the root (it may not exist). */
        PATH,
        /** Malformed: a bad percent escape or invalid UTF-8 (400). */
        MALFORMED,
        /** Refused as unsafe: traversal, dotfiles, control characters, backslash, encoded slash (404). */
        REFUSED
    }

    /**
     * The result of {@link #resolve}: the outcome, the path when it is {@link Outcome#PATH}, and whether the
     * raw path ended with {@code /} (a directory asked for as one).
     */
    public record Resolution(Outcome outcome, Path path, boolean trailingSlash) {
        static final Resolution MALFORMED = new Resolution(Outcome.MALFORMED, null, false);
        static final Resolution REFUSED = new Resolution(Outcome.REFUSED, null, false);
    }

    private static final boolean WINDOWS = File.separatorChar == '\\';

    private final Path root;
    private final boolean followSymlinks;

    /**
     * @param root the directory served; its real path is taken now
     * @throws IOException when the root does not exist or cannot be read
     * @throws IllegalArgumentException when the root is not a directory
     */
    public PathResolver(Path root, boolean followSymlinks) throws IOException {
        this.root = root.toRealPath();
        if (!java.nio.file.Files.isDirectory(this.root)) {
            throw new IllegalArgumentException(root + " is not a directory");
        }
        this.followSymlinks = followSymlinks;
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    /** Resolves the raw (not yet decoded) path bytes {@code raw[from, to)}, e.g. {@code /a/b%20c.txt}. */
    public Resolution resolve(byte[] raw, int from, int to) {
        Path path = root;
        byte[] decoded = new byte[to - from];
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = from;
        while (start < to) {
            int end = start;
            while (end < to && raw[end] != '/') {
                end++;
            }
            if (end > start) {
                int n = decode(raw, start, end, decoded);
                if (n < 0) {
                    return Resolution.MALFORMED;
                }
                if (!safe(decoded, n)) {
                    return Resolution.REFUSED;
                }
                String segment;
                try {
                    segment = utf8.reset().decode(ByteBuffer.wrap(decoded, 0, n)).toString();
                } catch (CharacterCodingException e) {
                    return Resolution.MALFORMED;
                }
                Path next;
                try {
                    next = path.resolve(segment);
                } catch (InvalidPathException unnamable) {
                    // a name this file system cannot spell (e.g. non-ASCII under a C locale, or <>|?* on
                    // Windows): no such file can exist here
                    return Resolution.REFUSED;
                }
                // Defence in depth: one segment adds exactly one name, below the path so far.
                if (next.getNameCount() != path.getNameCount() + 1 || !next.startsWith(path)) {
                    return Resolution.REFUSED;
                }
                path = next;
            }
            start = end + 1;
        }
        boolean trailingSlash = to > from && raw[to - 1] == '/';
        return new Resolution(Outcome.PATH, path, trailingSlash);
    }

    /**
     * The path to open for {@code path} (from {@link #resolve}): its real path. Without symlink following it
     * must lie under the root's real path and name no dotfile there; else null (refused: 404).
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     */
    public Path real(Path path) throws IOException {
        Path real = path.toRealPath();
        if (followSymlinks) {
            return real;
        }
        if (!real.startsWith(root)) {
            return null;
        }
        for (int i = root.getNameCount(); i < real.getNameCount(); i++) {
            if (real.getName(i).toString().startsWith(".")) {
                return null;
            }
        }
        return real;
    }

    /** Percent-decodes {@code raw[from, to)} into {@code out}; the length, or -1 on a malformed escape. */
    private static int decode(byte[] raw, int from, int to, byte[] out) {
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= to) {
                    return -1;
                }
                int hi = Character.digit((char) (raw[i + 1] & 0xFF), 16);
                int lo = Character.digit((char) (raw[i + 2] & 0xFF), 16);
                if (hi < 0 || lo < 0) {
                    return -1;
                }
                b = (byte) (hi << 4 | lo);
                i += 2;
            }
            out[n++] = b;
        }
        return n;
    }

    /** A decoded segment names one plain, visible file: no dot first, no control byte, no separator. */
    private static boolean safe(byte[] segment, int length) {
        if (segment[0] == '.') {
            return false; // ".", ".." and dotfiles
        }
        for (int i = 0; i < length; i++) {
            byte b = segment[i];
            if ((b >= 0 && b < 0x20) || b == 0x7F || b == '/' || b == '\\' || (WINDOWS && b == ':')) {
                return false;
            }
        }
        return true;
    }
}
