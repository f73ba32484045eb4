package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import files.PathResolver.Outcome;
import files.PathResolver.Resolution;

/** Raw path to file: decoding once, every refused spelling, symlinks and dotfiles. */
class PathResolverTest {
    @TempDir
    Path dir;

    private Resolution resolve(String raw) throws Exception {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        return new PathResolver(dir, false).resolve(bytes, 0, bytes.length);
    }

    @Test
    void plainPathsDecodeOnceUnderTheRoot() throws Exception {
        Path root = dir.toRealPath();
        assertEquals(new Resolution(Outcome.PATH, root.resolve("a").resolve("b c.txt"), false), resolve("/a/b%20c.txt"));
        assertEquals(new Resolution(Outcome.PATH, root.resolve("docs"), true), resolve("/docs/"));
        assertEquals(new Resolution(Outcome.PATH, root, true), resolve("/"));
        assertEquals(new Resolution(Outcome.PATH, root.resolve("a").resolve("b"), false), resolve("//a//b"));
        assertEquals(root.resolve("caf\u00e9"), resolve("/caf%C3%A9").path());
        assertEquals(root.resolve("a+b"), resolve("/a+b").path(), "a plus stays a plus");
        // decoded once: %252e%252e is the literal name "%2e%2e", a file that does not exist
        assertEquals(root.resolve("%2e%2e").resolve("etc"), resolve("/%252e%252e/etc").path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/etc/passwd",
            "/%2e%2E/x", "/.%2e/x", "/./x", "/%2e/x", "/a/..", "/..", "/..;/etc", "/a/..;", "/%2e%2e;/etc", "/.git/config", "/.env", "/a/.hidden",
            "/%2egit/config", "/a%00b", "/a%00", "/%00", "/a%01b", "/a%7fb", "/a\\b", "/a%5cb", "/a%5Cb", "/..%5c..%5cx",
            "/a%2fb", "/a%2Fb", "/..%2f..%2fetc", "/%2e%2e%2f%2e%2e%2fetc"})
    void unsafeSpellingsAreRefused(String raw) throws Exception {
        assertEquals(Outcome.REFUSED, resolve(raw).outcome(), raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%c0%ae%c0%ae/etc", "/%C0%AE/x", "/%e0%80%ae/x", "/%c0%af", "/%ff", "/%ed%a0%80",
            "/%e2%82", "/a%", "/a%2", "/a%zz", "/%%32%65"})
    void malformedEscapesAndInvalidUtf8IncludingOverlongFormsAreMalformed(String raw) throws Exception {
        assertEquals(Outcome.MALFORMED, resolve(raw).outcome(), raw);
    }

    @Test
    void aSymlinkOutOfTheRootIsRefusedUnlessFollowed(@TempDir Path outside) throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(dir.resolve("inside.txt"), "inside");
        Files.createSymbolicLink(dir.resolve("out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("outdir"), outside);
        Files.createSymbolicLink(dir.resolve("in.txt"), dir.resolve("inside.txt"));
        Files.writeString(dir.resolve(".env"), "KEY=1");
        Files.createSymbolicLink(dir.resolve("env.txt"), dir.resolve(".env"));
        PathResolver strict = new PathResolver(dir, false);
        PathResolver following = new PathResolver(dir, true);
        Path root = dir.toRealPath();
        assertNull(strict.real(root.resolve("out.txt")));
        assertNull(strict.real(root.resolve("outdir").resolve("secret.txt")));
        assertNull(strict.real(root.resolve("env.txt")), "a link to a dotfile is a dotfile");
        assertEquals(root.resolve("inside.txt"), strict.real(root.resolve("in.txt")));
        assertEquals(outside.toRealPath().resolve("secret.txt"), following.real(root.resolve("out.txt")));
        assertThrows(NoSuchFileException.class, () -> strict.real(root.resolve("missing")));
    }

    @Test
    void aMissingRootOrAFileAsRootIsRefusedAtOnce() throws Exception {
        assertThrows(NoSuchFileException.class, () -> new PathResolver(dir.resolve("nope"), false));
        Files.writeString(dir.resolve("file"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PathResolver(dir.resolve("file"), false))
                .getMessage().contains("not a directory"));
    }
}
