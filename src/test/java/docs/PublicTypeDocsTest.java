package docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The issue asks for Javadoc on every public type: everything in src/main has one. */
class PublicTypeDocsTest {
    @Test
    void everyPublicTypeInSrcMainHasADocComment() throws Exception {
        List<String> missing = PublicTypeDocs.missing(Path.of("src/main/java"));
        assertEquals(List.of(), missing, "public types without a /** */ comment");
    }

    @Test
    void findsPublicTypesWithoutOneAndOnlyThose(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("p"));
        Files.writeString(root.resolve("p/Bare.java"), """
                package p;
                /* a plain comment is not Javadoc */
                public final class Bare {
                    /** Documented. */
                    public static final class Told { }
                    public interface Untold { }
                    static final class Hidden { public static final class Inside { } }
                }
                """);
        Files.writeString(root.resolve("p/Told.java"), """
                package p;
                /** Documented. */
                public record Told(int x) {
                    public enum Kind { A }
                }
                """);
        Files.writeString(root.resolve("p/Local.java"), """
                package p;
                class Local { public static class Nested { } }
                """);
        assertEquals(List.of("p/Bare.java: Bare", "p/Bare.java: Bare.Untold", "p/Told.java: Told.Kind"),
                PublicTypeDocs.missing(root));
    }
}
