package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import platform.OpenFile;

/** An entry's metadata, encoded headers and precompressed siblings, and when it counts as changed. */
class FileEntryTest {
    @TempDir
    Path dir;

    /** Files opened through FileChannel, remembered so that the test can see them closed. */
    private final List<OpenFile> opened = new ArrayList<>();

    private OpenFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path);
        OpenFile file = new OpenFile() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            protected void closeDescriptor() {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // a read-only file: nothing was lost
                }
            }
        };
        opened.add(file);
        return file;
    }

    private FileEntry entry(Path file, String cacheControl) throws IOException {
        PathResolver resolver = new PathResolver(dir, false);
        return FileEntry.open(this::open, file, resolver.real(file), ContentTypes.of(file.getFileName().toString()),
                cacheControl, resolver::real);
    }

    @Test
    void metadataAndHeadersAreEncodedOnce() throws Exception {
        Path js = Files.writeString(dir.resolve("app.js"), "let x = 1;");
        Files.setLastModifiedTime(js, FileTime.fromMillis(1_700_000_000_999L));
        FileEntry entry = entry(dir.toRealPath().resolve("app.js"), "max-age=5");
        assertEquals(10, entry.length);
        assertEquals("\"6553f100-a\"", entry.etag, "seconds, not milliseconds");
        assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", entry.lastModified);
        assertEquals("text/javascript; charset=utf-8", entry.contentType.value());
        assertEquals("Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT\r\nETag: \"6553f100-a\"\r\nAccept-Ranges: bytes\r\n"
                + "Cache-Control: max-age=5\r\n", entry.headers.toString());
        assertNull(entry.brotli);
        assertNull(entry.gzip);
        entry.release();
        assertTrue(opened.stream().allMatch(OpenFile::isClosed));
    }

    @Test
    void siblingsComeWithTheirOwnEtagTheOriginalsTypeAndVary(@TempDir Path outside) throws Exception {
        Files.writeString(dir.resolve("site.css"), "body{}".repeat(100));
        Files.write(dir.resolve("site.css.gz"), new byte[40]);
        Files.write(dir.resolve("site.css.br"), new byte[30]);
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.write(outside.resolve("a.txt.gz"), new byte[3]);
        Files.createSymbolicLink(dir.resolve("a.txt.gz"), outside.resolve("a.txt.gz"));
        FileEntry css = entry(dir.toRealPath().resolve("site.css"), null);
        assertEquals(40, css.gzip.length);
        assertEquals(30, css.brotli.length);
        assertEquals("text/css; charset=utf-8", css.gzip.contentType.value(), "the original's type");
        assertNotEquals(css.etag, css.gzip.etag);
        assertTrue(css.headers.toString().contains("Vary: Accept-Encoding\r\n"), css.headers.toString());
        assertTrue(css.gzip.headers.toString().contains("Vary: Accept-Encoding\r\n"));
        assertTrue(css.gzip.headers.toString().contains("ETag: " + css.gzip.etag + "\r\n"));
        FileEntry a = entry(dir.toRealPath().resolve("a.txt"), null);
        assertNull(a.gzip, "a sibling that is a symlink out of the root is not served");
        assertFalse(a.headers.toString().contains("Vary"));
        css.release();
        a.release();
        assertEquals(4, opened.size());
        assertTrue(opened.stream().allMatch(OpenFile::isClosed), "a release closes the siblings too");
    }

    @Test
    void anEntryIsUnchangedUntilTheFileOrASiblingChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("data.json"), "{}");
        Path real = dir.toRealPath().resolve("data.json");
        FileEntry entry = entry(real, null);
        assertTrue(entry.unchanged(real));
        Files.write(dir.resolve("data.json.gz"), new byte[5]);
        assertFalse(entry.unchanged(real), "a sibling appeared");
        Files.delete(dir.resolve("data.json.gz"));
        assertTrue(entry.unchanged(real));
        Files.setLastModifiedTime(file, FileTime.fromMillis(entry.lastModifiedMillis + 1000));
        assertFalse(entry.unchanged(real), "a new modification time");
        entry.release();
        FileEntry again = entry(real, null);
        Path replacement = Files.writeString(dir.resolve("next.json"), "{}");
        Files.setLastModifiedTime(replacement, FileTime.fromMillis(again.lastModifiedMillis));
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFalse(again.unchanged(real), "another file (inode) of the same length and time");
        again.release();
    }
}
