package support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.ContentType;
import platform.IoMode;
import route.Router;

/**
 * {@link Chromium} against a page served by Skep over a real socket: the page's script reads an image's
 * {@code naturalWidth} (and a missing image's 0) through the browser, and the screenshot shows the page's
 * styled background and the image's own colour.
 */
class ChromiumTest {
    private static final int BACKGROUND = 0x1E90FF;
    private static final int IMAGE = 0xC80000;
    private static final int IMAGE_WIDTH = 40;
    private static final int IMAGE_HEIGHT = 30;

    /** The page: a styled background, the image, a missing image, and a script that writes their widths. */
    private static final String PAGE = """
            <!doctype html>
            <html><head><title>skep</title><link rel="stylesheet" href="/style.css"></head>
            <body>
            <img id="dot" src="/dot.png"> <img id="gone" src="/missing.png">
            <p id="result">not run</p>
            <script>
              const images = [document.getElementById('dot'), document.getElementById('gone')];
              const settled = img => img.complete ? Promise.resolve()
                  : new Promise(done => { img.onload = done; img.onerror = done; });
              Promise.all(images.map(settled)).then(() => {
                document.getElementById('result').textContent = images.map(img => img.naturalWidth).join(' ');
              });
            </script>
            </body></html>
            """;

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theBrowserDecodesTheImageAndRendersTheStyledPage(IoMode io, @TempDir Path dir) throws Exception {
        Chromium chromium = Chromium.require();
        byte[] png = Pixels.png(IMAGE_WIDTH, IMAGE_HEIGHT, IMAGE);
        Router site = new Router();
        site.get("/", (request, response) -> response.contentType(ContentType.TEXT_HTML).body(PAGE));
        site.get("/style.css", (request, response) -> response.contentType("text/css; charset=utf-8")
                .body("body { background: #1e90ff; margin: 0; } img { display: block; }"));
        site.get("/dot.png", (request, response) -> response.contentType("image/png").body(png));
        try (TestServer server = TestServer.start(io, site, o -> { })) {
            String url = "http://127.0.0.1:" + server.port() + "/";

            assertEquals(IMAGE_WIDTH + " 0", chromium.evaluate(url), "naturalWidth of the image and of a 404");

            Path shot = dir.resolve("page.png");
            chromium.screenshot(url, shot, 320, 240);
            BufferedImage image = ImageIO.read(shot.toFile());
            assertTrue(image != null && image.getWidth() == 320 && image.getHeight() == 240, "a decodable 320x240 PNG");
            assertTrue(Pixels.near(image.getRGB(300, 220), BACKGROUND),
                    "the stylesheet's background: " + Integer.toHexString(image.getRGB(300, 220)));
            assertTrue(Pixels.count(image, IMAGE) >= IMAGE_WIDTH * IMAGE_HEIGHT * 8 / 10, "the image drawn in its colour");
        }
    }
}
