package accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import http.Request;
import http.ResponseListener;
import platform.IoMode;
import route.Router;
import support.Await;
import support.Backends;
import support.RawClient;
import support.TestServer;

/** The access log over real sockets, on both backends: what its lines say, rotation, drops, closing. */
class AccessLogTest {
    private static final Pattern COMBINED = Pattern.compile(
            "127\\.0\\.0\\.1 - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
                    + "\"(.*)\" (\\d{3}) (\\d+|-) \"(.*)\" \"(.*)\" (\\d+\\.\\d{3})");
    /** A user agent with a quote, a backslash, a tab (the one control byte a field may hold), a UTF-8 letter and a byte that is no UTF-8. */
    private static final byte[] ODD_AGENT = {'a', '"', 'b', '\\', 'c', '\t', 'd', (byte) 0xC3, (byte) 0xA9,
            (byte) 0xFF, 'e'};

    @TempDir
    Path dir;

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static Router app() {
        Router router = new Router();
        router.get("/hello", (request, response) -> response.body("Hello"));
        router.post("/items", (request, response) -> response.status(201).body("created"));
        router.get("/users/{id}", (request, response) -> response.body(request.param("id")));
        router.get("/readyz", (request, response) -> response.body("ok"));
        router.get("/slow", (request, response) -> {
            Thread.sleep(200);
            response.body("slow");
        });
        return router;
    }

    /** Counts the calls that reached the log, so that a test knows when every line is queued. */
    private static final class Counted implements ResponseListener {
        final AccessLog log;
        final AtomicLong calls = new AtomicLong();

        Counted(AccessLog log) {
            this.log = log;
        }

        @Override
        public void responded(int shard, Request request, int status, long bodyBytes, long start, long end) {
            log.responded(shard, request, status, bodyBytes, start, end);
            calls.incrementAndGet();
        }

        void await(long n) {
            Await.until(n + " responses told to the log (so far " + calls.get() + ")", () -> calls.get() >= n);
        }
    }

    /** Sends the test's mix: GET with referer and agent, POST, 404, HEAD, the excluded probe, garbage. */
    private static void sendMix(int port, byte[] agent) throws IOException {
        try (RawClient client = new RawClient(port)) {
            client.send("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\nReferer: http://ref.example/p\r\n"
                    + "User-Agent: curl/8.5.0\r\n\r\n");
            assertEquals(200, client.read().status());
            client.send("POST /items HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals(201, client.read().status());
            client.send("GET /nothing HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(404, client.read().status());
            client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read(true).status());
            client.send("GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            ByteArrayOutputStream odd = new ByteArrayOutputStream();
            odd.writeBytes("GET /users/7 HTTP/1.1\r\nHost: t\r\nUser-Agent: ".getBytes(StandardCharsets.US_ASCII));
            odd.writeBytes(agent);
            odd.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.send(odd.toByteArray());
            assertEquals(200, client.read().status());
        }
        try (RawClient client = new RawClient(port)) {
            client.send("\u0001\u0002 garbage\r\n\r\n");
            assertEquals(400, client.read().status());
        }
    }

    private static final int MIX_LINES = 6; // the probe is excluded

    @ParameterizedTest
    @MethodSource("backends")
    void combinedLinesSayWhatNginxWould(IoMode io) throws Exception {
        Path file = dir.resolve("access.log");
        List<String> lines;
        try (AccessLog log = new AccessLog(new AccessLogOptions().file(file).exclude("/readyz"))) {
            Counted counted = new Counted(log);
            try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted))) {
                sendMix(server.port(), ODD_AGENT);
                counted.await(7);
            }
            log.close();
            assertEquals(MIX_LINES, log.written());
            assertEquals(0, log.dropped());
            lines = readLines(file);
        }
        assertEquals(MIX_LINES, lines.size(), () -> String.join("\n", lines));
        assertLine(lines, "GET /hello?x=1 HTTP/1.1", 200, "5", "http://ref.example/p", "curl/8.5.0");
        assertLine(lines, "POST /items HTTP/1.1", 201, "7", "-", "-");
        assertLine(lines, "GET /nothing HTTP/1.1", 404, null, "-", "-");
        assertLine(lines, "HEAD /hello HTTP/1.1", 200, "0", "-", "-");
        assertLine(lines, "GET /users/7 HTTP/1.1", 200, "1", "-", "a\\x22b\\x5Cc\\x09d\\xC3\\xA9\\xFFe");
        assertLine(lines, "-", 400, null, "-", "-");
        assertTrue(lines.stream().noneMatch(l -> l.contains("/readyz")), "the probe is excluded");
    }

    /** Finds the line of {@code request} and checks its fields; a null body length is not checked. */
    private static void assertLine(List<String> lines, String request, int status, String bytes, String referer,
                                   String agent) {
        for (String line : lines) {
            Matcher m = COMBINED.matcher(line);
            assertTrue(m.matches(), "not a combined line: " + line);
            if (m.group(1).equals(request)) {
                assertEquals(String.valueOf(status), m.group(2), line);
                if (bytes != null) {
                    assertEquals(bytes, m.group(3), line);
                }
                assertEquals(referer, m.group(4), line);
                assertEquals(agent, m.group(5), line);
                assertTrue(Double.parseDouble(m.group(6)) < 5, line);
                return;
            }
        }
        throw new AssertionError("no line for " + request + " in\n" + String.join("\n", lines));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void jsonLinesParseAndCarryTheFields(IoMode io) throws Exception {
        Path file = dir.resolve("access.json");
        List<Map<String, Object>> objects = new ArrayList<>();
        try (AccessLog log = new AccessLog(new AccessLogOptions().file(file).format(AccessLogFormat.JSON)
                .exclude("/readyz"))) {
            Counted counted = new Counted(log);
            try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted))) {
                sendMix(server.port(), ODD_AGENT);
                counted.await(7);
            }
            log.close();
            for (String line : readLines(file)) {
                objects.add(MiniJson.object(line));
            }
        }
        assertEquals(MIX_LINES, objects.size());
        Map<String, Object> get = find(objects, "/hello?x=1");
        assertEquals("GET", get.get("method"));
        assertEquals("HTTP/1.1", get.get("protocol"));
        assertEquals(200.0, get.get("status"));
        assertEquals(5.0, get.get("body_bytes"));
        assertEquals("http://ref.example/p", get.get("referer"));
        assertEquals("curl/8.5.0", get.get("user_agent"));
        assertEquals("127.0.0.1", get.get("remote_addr"));
        assertEquals("/hello", get.get("route"));
        assertTrue(((String) get.get("time")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
        assertTrue((Double) get.get("request_time") < 5);
        Map<String, Object> post = find(objects, "/items");
        assertEquals("POST", post.get("method"));
        assertNull(post.get("referer"));
        Map<String, Object> missing = find(objects, "/nothing");
        assertEquals(404.0, missing.get("status"));
        assertNull(missing.get("route"));
        Map<String, Object> user = find(objects, "/users/7");
        assertEquals("/users/{id}", user.get("route"));
        assertEquals("a\"b\\c\td\u00e9\ufffde", user.get("user_agent")); // é kept, 0xFF replaced
        Map<String, Object> bad = objects.stream().filter(o -> o.get("path") == null).findFirst().orElseThrow();
        assertEquals(400.0, bad.get("status"));
        assertNull(bad.get("method"));
        assertEquals("127.0.0.1", bad.get("remote_addr"));
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String path) {
        return objects.stream().filter(o -> path.equals(o.get("path"))).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + path + " in " + objects));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theRequestTimeIsTheHandlersTime(IoMode io) throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLog log = new AccessLog(new AccessLogOptions().file(file))) {
            Counted counted = new Counted(log);
            try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted));
                 RawClient client = server.connect()) {
                client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, client.read().status());
                counted.await(1);
            }
            log.close();
            Matcher m = COMBINED.matcher(readLines(file).getFirst());
            assertTrue(m.matches());
            double seconds = Double.parseDouble(m.group(6));
            assertTrue(seconds >= 0.2 && seconds < 10, "request time " + seconds);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reopenAfterARenameWritesToTheNewFile(IoMode io) throws Exception {
        Path file = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        try (AccessLog log = new AccessLog(new AccessLogOptions().file(file));
             TestServer server = TestServer.start(io, app(), o -> o.responseListener(log));
             RawClient client = server.connect()) {
            client.send("GET /hello?before HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            Await.until("the first line written", () -> log.written() == 1);
            Files.move(file, rotated);
            log.reopen();
            Await.until("the writer to open the file again", () -> Files.exists(file));
            client.send("GET /hello?after HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            Await.until("the second line written", () -> log.written() == 2);
            List<String> old = readLines(rotated);
            List<String> fresh = readLines(file);
            assertEquals(1, old.size(), old::toString);
            assertTrue(old.getFirst().contains("/hello?before"), old::toString);
            assertEquals(1, fresh.size(), fresh::toString);
            assertTrue(fresh.getFirst().contains("/hello?after"), fresh::toString);
        }
    }

    /** A destination that records its writes and reopens in order; its second write waits for the test. */
    private static final class RecordingSink extends Sink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        int writes;

        @Override
        void write(byte[] bytes, int length) {
            if (++writes == 1) {
                events.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
                return;
            }
            entered.countDown();
            try {
                if (!open.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }

        @Override
        void reopen() {
            events.add("REOPEN");
        }

        @Override
        void close() {
        }

        int indexOf(String text) {
            synchronized (events) {
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).contains(text)) {
                        return i;
                    }
                }
                return -1;
            }
        }
    }

    /**
     * A reopen asked while lines keep coming (the writer is stuck writing a full batch, lines still queued
     * behind it) is handled at the writer's next turn: a line queued after the request goes to the reopened
     * file, not the old one. Failed before the fix (the reopen waited for an empty queue).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void reopenIsHandledBeforeLinesQueuedAfterIt(IoMode io) throws Exception {
        RecordingSink sink = new RecordingSink();
        AccessLog log = new AccessLog(new AccessLogOptions(), sink);
        Counted counted = new Counted(log);
        try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted));
             RawClient client = server.connect()) {
            client.send("GET /hello?first HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            Await.until("the first line written", () -> log.written() == 1);
            // ~1 KiB lines, pipelined: more than one 64 KiB batch queued at once, so the writer's second
            // write is of a full batch, with lines still queued behind it.
            String big = "GET /hello?" + "q".repeat(400) + " HTTP/1.1\r\nHost: t\r\nReferer: " + "r".repeat(250)
                    + "\r\nUser-Agent: " + "a".repeat(250) + "\r\n\r\n";
            int burst = 100;
            client.send(big.repeat(burst));
            for (int i = 0; i < burst; i++) {
                assertEquals(200, client.read().status());
            }
            assertTrue(sink.entered.await(10, TimeUnit.SECONDS), "the writer is stuck writing a batch");
            log.reopen();
            client.send("GET /hello?after HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            counted.await(burst + 2);
        } finally {
            sink.open.countDown();
            log.close();
        }
        assertEquals(102, log.written());
        int reopen = sink.indexOf("REOPEN");
        int after = sink.indexOf("/hello?after");
        assertTrue(reopen >= 0 && after > reopen, "the line after the request follows the reopen: " + sink.events);
    }

    /** Lines still queued when close() gives up on a stuck writer are counted as dropped. */
    @ParameterizedTest
    @MethodSource("backends")
    void closeCountsLinesLeftInTheQueueAsDropped(IoMode io) throws Exception {
        GatedStream out = new GatedStream();
        AccessLog log = new AccessLog(new AccessLogOptions(), out);
        Counted counted = new Counted(log);
        try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted));
             RawClient client = server.connect()) {
            client.send("GET /hello?first HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            assertTrue(out.entered.await(10, TimeUnit.SECONDS), "the writer is stuck writing the first line");
            for (int i = 0; i < 3; i++) {
                client.send("GET /hello?n=" + i + " HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, client.read().status());
            }
            counted.await(4);
        }
        try {
            log.close(); // waits 5 s for the stuck writer, then gives up
            assertEquals(3, log.dropped(), "the three lines still queued");
        } finally {
            out.open.countDown();
        }
        Await.until("the stuck write to return", () -> log.written() == 1);
        assertEquals(3, log.dropped(), "an abandoned writer writes nothing more");
    }

    /** A destination whose first write waits for the test to let it go: a writer stuck on a slow disk. */
    private static final class GatedStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            entered.countDown();
            try {
                if (!open.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFullQueueDropsAndCountsWithoutWaiting(IoMode io) throws Exception {
        GatedStream out = new GatedStream();
        AccessLog log = new AccessLog(new AccessLogOptions().queueCapacity(4), out);
        Counted counted = new Counted(log);
        try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted));
             RawClient client = server.connect()) {
            client.send("GET /hello?first HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            assertTrue(out.entered.await(10, TimeUnit.SECONDS), "the writer reached the destination");
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) { // the writer is stuck: 4 wait in the queue, 16 are dropped
                client.send("GET /hello?n=" + i + " HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, client.read().status());
            }
            counted.await(21);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "requests did not wait");
            assertEquals(16, log.dropped());
            assertEquals(0, log.written());
        } finally {
            out.open.countDown();
            log.close();
        }
        assertEquals(5, log.written());
        assertEquals(16, log.dropped());
        List<String> lines = out.lines();
        assertEquals(5, lines.size(), lines::toString);
        assertTrue(lines.getFirst().contains("/hello?first"));
        for (int i = 0; i < 4; i++) {
            int n = i;
            assertTrue(lines.stream().anyMatch(l -> l.contains("/hello?n=" + n + " ")), lines::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void closeWritesEveryQueuedLine(IoMode io) throws Exception {
        GatedStream out = new GatedStream();
        AccessLog log = new AccessLog(new AccessLogOptions(), out);
        Counted counted = new Counted(log);
        int requests = 200;
        try (TestServer server = TestServer.start(io, app(), o -> o.responseListener(counted));
             RawClient client = server.connect()) {
            for (int i = 0; i < requests; i++) {
                client.send("GET /hello?n=" + i + " HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, client.read().status());
            }
            counted.await(requests);
        }
        assertTrue(out.entered.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(log::close, "test-closer");
        closer.start();
        Await.until("close() to wait for the writer", () -> closer.getState() == Thread.State.TIMED_WAITING);
        assertFalse(log.written() == requests, "lines were still queued when close() began");
        out.open.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertEquals(requests, log.written());
        assertEquals(0, log.dropped());
        assertEquals(requests, out.lines().size());
    }

    /** An idle writer parks: over 1 s without lines it uses a few ms of CPU at most, not a spinning core. */
    @Test
    void anIdleWriterParks() throws Exception {
        try (AccessLog log = new AccessLog(new AccessLogOptions(), new ByteArrayOutputStream())) {
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("skep-access-log") && t.isAlive()).findFirst().orElseThrow();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long before = mx.getThreadCpuTime(writer.threadId());
            long wallStart = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // the idle time measured
            long wall = System.nanoTime() - wallStart;
            long cpu = mx.getThreadCpuTime(writer.threadId()) - before;
            assertTrue(cpu < wall / 10,
                    "the idle writer used " + cpu / 1_000_000 + " ms of CPU in " + wall / 1_000_000 + " ms");
            assertEquals(0, log.written());
        }
    }

    /** The file's lines, which must be valid UTF-8 (JSON replaces invalid bytes, combined escapes them). */
    private static List<String> readLines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the log is not valid UTF-8", e);
        }
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the last line is whole");
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
