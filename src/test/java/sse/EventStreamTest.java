package sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.Chunked;
import support.RawClient;
import support.TestServer;

/** The server-sent events example over real sockets: curl -N and a raw client; a subscriber that leaves ends. */
class EventStreamTest {
    private static final Duration PERIOD = Duration.ofMillis(200);

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRawSubscriberGetsEventsAndLeavingFreesItsPermit(IoMode io) throws Exception {
        Ticker ticker = new Ticker(PERIOD);
        try (TestServer server = TestServer.start(io, ticker, o -> o.maxBlocking(1))) {
            try (RawClient c = server.connect()) {
                c.send("GET /ticks HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n");
                InputStream in = new BufferedInputStream(c.socket.getInputStream());
                Map<String, String> head = Chunked.head(in);
                assertEquals("HTTP/1.1 200 OK", head.get(":status"));
                assertEquals("text/event-stream; charset=utf-8", head.get("content-type"));
                assertEquals("no-cache", head.get("cache-control"));
                assertEquals("chunked", head.get("transfer-encoding"));
                assertEquals(": ticks every 200 ms\n\n", Chunked.text(Chunked.chunk(in)));
                for (int n = 0; n < 3; n++) {
                    String event = Chunked.text(Chunked.chunk(in)); // each event is flushed as one chunk
                    assertTrue(event.startsWith("id: " + n + "\nevent: tick\ndata: " + n + "\ndata: "), event);
                    assertTrue(event.endsWith("\n\n"), event);
                }
                assertEquals(1, server.server.blockingHandlers());
                try (RawClient second = server.connect()) {
                    assertEquals(503, second.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status(),
                            "--max-blocking 1: a second subscriber is refused");
                }
            }
            Await.until("the subscriber's handler to end", () -> ticker.ended() == 1);
            Await.until("its permit back", () -> server.server.blockingHandlers() == 0);
            try (RawClient again = server.connect()) {
                again.send("GET /ticks HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("HTTP/1.1 200 OK", Chunked.head(new BufferedInputStream(again.socket.getInputStream()))
                        .get(":status"), "the permit is free again");
            }
            Await.until("the second subscriber's handler to end", () -> ticker.ended() == 2);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void curlSeesTheEventsAsTheyCome(IoMode io) throws Exception {
        Assumptions.assumeTrue(curlAvailable(), "curl is not installed: the curl -N test is skipped");
        Ticker ticker = new Ticker(PERIOD);
        try (TestServer server = TestServer.start(io, ticker, o -> { })) {
            Process curl = new ProcessBuilder("curl", "-N", "-s", "--max-time", "2",
                    "http://127.0.0.1:" + server.port() + "/ticks").redirectErrorStream(true).start();
            String output;
            try (InputStream in = curl.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(curl.waitFor(10, TimeUnit.SECONDS), "curl ends by its --max-time");
            assertEquals(28, curl.exitValue(), "curl stopped by --max-time, the stream still open: " + output);
            Matcher ticks = Pattern.compile("id: (\\d+)\nevent: tick\ndata: \\1\ndata: \\S+\n\n").matcher(output);
            int count = 0;
            while (ticks.find()) {
                assertEquals(Integer.toString(count), ticks.group(1));
                count++;
            }
            assertTrue(count >= 3, "ticks seen in 2 s at one per 200 ms: " + count + "\n" + output);
            assertTrue(output.startsWith(": ticks every 200 ms\n\n"), output);
            Await.until("the handler to end after curl left", () -> ticker.ended() == 1);
        }
    }

    private static boolean curlAvailable() {
        try {
            Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
