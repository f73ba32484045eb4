package files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.Chromium;
import support.Pixels;
import support.RawClient;
import support.TestServer;

/**
 * The proof in a real browser: headless Chromium loads a small site from disk through {@link StaticFiles}
 * (an index.html with a stylesheet, a script and an image): the image decodes (its naturalWidth, read by the
 * page's script), the script ran, and the screenshot shows the stylesheet's background. With directory
 * listings on, the listing renders as HTML and each of its links fetches its file.
 */
class StaticFilesBrowserTest {
    private static final int BACKGROUND = 0x2E8B57;
    private static final int IMAGE = 0xC80000;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aBrowserRendersTheSiteAndFollowsTheListingsLinks(IoMode io, @TempDir Path root) throws Exception {
        Chromium chromium = Chromium.require();
        Files.writeString(root.resolve("index.html"), """
                <!doctype html>
                <html><head><title>site</title><link rel="stylesheet" href="css/site.css"></head>
                <body><img id="logo" src="img/logo.png"><p id="result">not run</p>
                <script src="js/app.js"></script></body></html>
                """);
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css").resolve("site.css"),
                "body { background: #2e8b57; margin: 0; } img { display: block; }");
        Files.createDirectories(root.resolve("js"));
        Files.writeString(root.resolve("js").resolve("app.js"), """
                const img = document.getElementById('logo');
                const done = () => {
                  const bg = getComputedStyle(document.body).backgroundColor;
                  document.getElementById('result').textContent = img.naturalWidth + ' ' + bg;
                };
                if (img.complete) { done(); } else { img.onload = done; img.onerror = done; }
                """);
        Files.createDirectories(root.resolve("img"));
        Files.write(root.resolve("img").resolve("logo.png"), Pixels.png(48, 32, IMAGE));
        Files.writeString(root.resolve("img").resolve("a & b <c>.txt"), "escaped name");
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withListDirs(true));
             TestServer server = TestServer.start(io, files, o -> { })) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            assertEquals("48 rgb(46, 139, 87)", chromium.evaluate(base), "the image decoded, the stylesheet applied");

            Path shot = root.getParent().resolve(root.getFileName() + "-shot.png");
            try {
                chromium.screenshot(base, shot, 320, 240);
                BufferedImage image = ImageIO.read(shot.toFile());
                assertTrue(image != null && image.getWidth() == 320, "a decodable screenshot");
                assertTrue(Pixels.near(image.getRGB(300, 220), BACKGROUND), Integer.toHexString(image.getRGB(300, 220)));
                assertTrue(Pixels.near(image.getRGB(10, 10), IMAGE), "the image drawn: " + Integer.toHexString(image.getRGB(10, 10)));
            } finally {
                Files.deleteIfExists(shot);
            }

            String listing = chromium.dom(base + "img/");
            List<String> links = new ArrayList<>();
            Matcher a = Pattern.compile("<a href=\"([^\"]+)\">([^<]+)</a>").matcher(listing);
            while (a.find()) {
                links.add(a.group(1));
            }
            assertEquals(List.of("../", "./a%20%26%20b%20%3Cc%3E.txt", "./logo.png"), links, listing);
            assertTrue(listing.contains(">a &amp; b &lt;c&gt;.txt</a>"), listing);
            try (RawClient c = server.connect()) {
                for (String link : links.subList(1, links.size())) {
                    String path = URI.create(base + "img/").resolve(link).getRawPath();
                    RawClient.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                    assertEquals(200, r.status(), path);
                }
                assertEquals("escaped name", c.send("GET /img/a%20%26%20b%20%3Cc%3E.txt HTTP/1.1\r\nHost: t\r\n\r\n")
                        .read().text());
            }
        }
    }
}
