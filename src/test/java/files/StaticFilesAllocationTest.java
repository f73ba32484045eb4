package files;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RepeatingClient;
import support.TestServer;

/**
 * A cached file is served without allocating: over 10,000 keep-alive GETs of one file, the server's threads
 * allocate at most 8 bytes per request (the once-a-second revalidation included), after a warm-up.
 */
class StaticFilesAllocationTest {
    private static final int REQUESTS = 10_000;
    private static final long MAX_BYTES_PER_REQUEST = 8;
    private static final byte[] REQUEST = "GET /a/page.html HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aCacheHitAllocatesNothingOnTheServer(IoMode io, @TempDir Path root) throws Exception {
        Files.createDirectory(root.resolve("a"));
        Files.writeString(root.resolve("a").resolve("page.html"), "<p>" + "x".repeat(1000) + "</p>");
        try (StaticFiles files = new StaticFiles(StaticFilesOptions.of(root).withCacheControl("max-age=60"));
             TestServer server = TestServer.start(io, files, o -> { });
             RepeatingClient client = RepeatingClient.openLearningLength(server.port(), REQUEST)) {
            double perRequest = client.allocatedPerRequest(4, REQUESTS);
            System.out.printf("%s, static file: server allocated %.1f bytes per request%n", io, perRequest);
            assertTrue(perRequest <= MAX_BYTES_PER_REQUEST,
                    "server allocated " + perRequest + " bytes per request over " + REQUESTS + " requests");
            assertTrue(new String(client.lastResponse(), StandardCharsets.ISO_8859_1).endsWith("x</p>"));
        }
    }
}
