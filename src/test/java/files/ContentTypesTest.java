package files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The extension table: the web's usual types, charset on text, octet-stream otherwise. */
class ContentTypesTest {
    private static String type(String name) {
        return ContentTypes.of(name).value();
    }

    @Test
    void usualTypesWithCharsetOnText() {
        assertEquals("text/html; charset=utf-8", type("index.html"));
        assertEquals("text/html; charset=utf-8", type("INDEX.HTM"));
        assertEquals("text/css; charset=utf-8", type("site.css"));
        assertEquals("text/javascript; charset=utf-8", type("app.js"));
        assertEquals("text/javascript; charset=utf-8", type("mod.mjs"));
        assertEquals("application/json; charset=utf-8", type("data.json"));
        assertEquals("application/json; charset=utf-8", type("app.js.map"));
        assertEquals("image/svg+xml; charset=utf-8", type("logo.svg"));
        assertEquals("text/xml; charset=utf-8", type("feed.xml"));
        assertEquals("text/plain; charset=utf-8", type("notes.txt"));
        assertEquals("text/csv; charset=utf-8", type("t.csv"));
        assertEquals("text/markdown; charset=utf-8", type("README.md"));
        assertEquals("image/png", type("a.png"));
        assertEquals("image/jpeg", type("a.jpg"));
        assertEquals("image/jpeg", type("a.JPEG"));
        assertEquals("image/gif", type("a.gif"));
        assertEquals("image/webp", type("a.webp"));
        assertEquals("image/avif", type("a.avif"));
        assertEquals("image/x-icon", type("favicon.ico"));
        assertEquals("image/bmp", type("a.bmp"));
        assertEquals("font/woff", type("f.woff"));
        assertEquals("font/woff2", type("f.woff2"));
        assertEquals("font/ttf", type("f.ttf"));
        assertEquals("font/otf", type("f.otf"));
        assertEquals("application/pdf", type("doc.pdf"));
        assertEquals("application/zip", type("a.zip"));
        assertEquals("application/gzip", type("a.tar.gz"));
        assertEquals("application/wasm", type("m.wasm"));
        assertEquals("video/mp4", type("v.mp4"));
        assertEquals("video/webm", type("v.webm"));
        assertEquals("audio/mpeg", type("s.mp3"));
        assertEquals("audio/ogg", type("s.ogg"));
        assertEquals("audio/wav", type("s.wav"));
    }

    @Test
    void unknownOrMissingExtensionsAreOctetStream() {
        assertEquals("application/octet-stream", type("Makefile"));
        assertEquals("application/octet-stream", type("a.unknownext"));
        assertEquals("application/octet-stream", type("trailingdot."));
        assertEquals("application/octet-stream", type("a.exe"));
    }
}
