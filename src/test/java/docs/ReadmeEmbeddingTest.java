package docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's "Embedding" section cannot drift from the API: each of its Java blocks must appear, line for line
 * (indentation aside), in examples/kv-store's ReadmeSnippetsTest, which scripts/test.sh compiles and runs
 * against the installed library.
 */
class ReadmeEmbeddingTest {
    private static final Path README = Path.of("README.md");
    private static final Path SNIPPETS = Path.of("examples/kv-store/src/test/java/readme/ReadmeSnippetsTest.java");

    @Test
    void everyJavaBlockOfTheEmbeddingSectionIsCompiledCode() throws Exception {
        List<List<String>> blocks = javaBlocks(section(Files.readString(README), "## Embedding"));
        assertTrue(blocks.size() >= 7, "the Embedding section has a block per feature, found " + blocks.size());
        List<String> code = stripped(Files.readString(SNIPPETS).lines().toList());
        List<String> missing = new ArrayList<>();
        for (List<String> block : blocks) {
            if (Collections.indexOfSubList(code, block) < 0) {
                missing.add(String.join("\n", block));
            }
        }
        assertEquals(List.of(), missing, "README blocks not found in " + SNIPPETS);
    }

    @Test
    void aChangedLineIsFound() {
        List<String> code = stripped(List.of("class A {", "    int x = 1;", "    int y = 2;", "}"));
        assertTrue(Collections.indexOfSubList(code, stripped(List.of("int x = 1;", "  int y = 2;"))) >= 0);
        assertTrue(Collections.indexOfSubList(code, stripped(List.of("int x = 1;", "int y = 3;"))) < 0);
        assertEquals(List.of(List.of("a();", "b();")),
                javaBlocks("text\n```java\n  a();\n\n  b();\n```\n```xml\n<x/>\n```\n"));
    }

    /** The text from the heading to the next heading of the same level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "no " + heading + " section");
        int end = markdown.indexOf("\n## ", start + heading.length() + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    /** The ```java blocks, each as its non-blank lines, stripped. */
    private static List<List<String>> javaBlocks(String markdown) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown.lines().toList()) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(stripped(current));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
