package bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in headless Chromium, offline: the page's script runs without error, it counts the points
 * drawn in its charts, and a screenshot shows the lines in their colours.
 */
class HtmlReportBrowserTest {
    /** The first series colour (the throughput line of "skep workers=1"), as RGB. */
    private static final int FIRST_SERIES = 0x0072B2;

    @Test
    void theReportRendersItsChartsWithoutScriptErrors(@TempDir Path dir) throws Exception {
        String chromium = Wrk.onPath("chromium") != null ? "chromium"
                : Wrk.onPath("chromium-browser") != null ? "chromium-browser" : null;
        assumeTrue(chromium != null, "Chromium is not installed (scripts/test.sh installs it where it can)");
        BenchTest.writeSampleReports(dir);
        String page = dir.resolve("report.html").toUri().toString();

        Result dom = chromium(chromium, dir, "--dump-dom", page);
        Matcher points = Pattern.compile("<body data-points=\"(\\d+)\"").matcher(dom.stdout());
        assertTrue(points.find(), "the page's script did not run to its end: " + dom.stderr());
        // 3 targets x 2 levels in the throughput chart, and 3 targets x 6 percentiles in each latency chart
        assertEquals(3 * 2 + 2 * 3 * 6, Integer.parseInt(points.group(1)));
        assertFalse(dom.stderr().contains("Uncaught"), "script error: " + dom.stderr());

        Path png = dir.resolve("report.png");
        Result shot = chromium(chromium, dir, "--screenshot=" + png, "--window-size=1000,1400", page);
        assertTrue(Files.size(png) > 10_000, "screenshot: " + shot.stderr());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(pixelsOf(image, FIRST_SERIES) > 200, "the first series' line is drawn");
        assertFalse(shot.stderr().contains("Uncaught"), "script error: " + shot.stderr());
    }

    private record Result(String stdout, String stderr) {
    }

    private static Result chromium(String chromium, Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Chromium did not finish in 60 s: " + Files.readString(err));
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Pixels close to a colour (the browser may manage colours and smooth edges). */
    private static int pixelsOf(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                if (near(p >> 16, rgb >> 16) && near(p >> 8, rgb >> 8) && near(p, rgb)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean near(int a, int b) {
        return Math.abs((a & 0xFF) - (b & 0xFF)) <= 24;
    }
}
