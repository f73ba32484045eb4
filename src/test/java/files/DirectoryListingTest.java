package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing page: sorted, directories marked, every name escaped for HTML and for its link. */
class DirectoryListingTest {
    @Test
    void namesAreEscapedInTextAndLinks() {
        String html = DirectoryListing.html(List.of(new DirectoryListing.Entry("<script>alert(1)</script>.txt", false),
                new DirectoryListing.Entry("a \"b\" & 'c'#?.txt", false), new DirectoryListing.Entry("caf\u00e9", true)),
                "/x/<y>/");
        assertTrue(html.contains("<a href=\"./%3Cscript%3Ealert%281%29%3C%2Fscript%3E.txt\">"
                + "&lt;script&gt;alert(1)&lt;/script&gt;.txt</a>"), html);
        assertTrue(html.contains("<a href=\"./a%20%22b%22%20%26%20%27c%27%23%3F.txt\">a &quot;b&quot; &amp; &#39;c&#39;#?.txt</a>"), html);
        assertTrue(html.contains("<a href=\"./caf%C3%A9/\">caf\u00e9/</a>"), html);
        assertTrue(html.contains("<title>Index of /x/&lt;y&gt;/</title>"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("<a href=\"../\">../</a>"));
    }

    @Test
    void sortedDirectoriesMarkedDotfilesLeftOut(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b.txt"), "b");
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.createDirectory(dir.resolve("c"));
        Files.writeString(dir.resolve(".env"), "secret");
        String html = DirectoryListing.html(dir, "/");
        int a = html.indexOf(">a.txt<");
        int b = html.indexOf(">b.txt<");
        int c = html.indexOf(">c/<");
        assertTrue(a > 0 && a < b && b < c, html);
        assertFalse(html.contains(".env"), html);
        assertFalse(html.contains("../"), "no parent link at the root: " + html);
        assertEquals(3, html.split("<li>").length - 1, html);
    }

    @Test
    void aHugeDirectoryListsAtMostItsCapAndSaysSo(@TempDir Path dir) throws Exception {
        for (int i = 0; i <= DirectoryListing.MAX_ENTRIES; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        String html = DirectoryListing.html(dir, "/");
        assertEquals(DirectoryListing.MAX_ENTRIES, html.split("<li>").length - 1);
        assertTrue(html.contains("Only the first " + DirectoryListing.MAX_ENTRIES + " entries"), "the cut is said");
        Files.delete(dir.resolve("f0"));
        assertFalse(DirectoryListing.html(dir, "/").contains("Only the first"), "exactly the cap: all listed");
    }
}
