package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.Chunked;
import support.RawClient;
import support.TestServer;

/** Review fixes on the blocking-handler side (issue 12), over real sockets on both backends. */
class BlockingReviewFixesTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static String rest(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (SocketException reset) {
            // what came before the reset is what the server sent
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** The head went out (a flushed output stream) before the first read: no 100 Continue amid the chunks. */
    @ParameterizedTest
    @MethodSource("backends")
    void noContinueAfterTheResponseHeadWentOut(IoMode io) throws Exception {
        Handler echo = Blocking.of((req, res) -> {
            OutputStream out = res.outputStream();
            out.write('a');
            out.flush();
            out.write(req.bodyStream().readAllBytes());
        });
        try (TestServer server = TestServer.start(io, echo, o -> { }); RawClient c = server.connect()) {
            c.send("PUT /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
            InputStream in = new BufferedInputStream(c.socket.getInputStream());
            Map<String, String> head = Chunked.head(in);
            assertEquals("HTTP/1.1 200 OK", head.get(":status"));
            assertEquals("a", Chunked.text(Chunked.chunk(in)));
            c.send("12345");
            assertEquals("5\r\n12345\r\n0\r\n\r\n", rest(in), "the rest of the body, and nothing else");
        }
    }

    /** A source set with body(source, len) is closed when the blocking exchange closes the connection itself. */
    @ParameterizedTest
    @MethodSource("backends")
    void theSourceIsClosedWhenTheClientLeaves(IoMode io) throws Exception {
        CountingSource source = new CountingSource(1000);
        CountDownLatch answered = new CountDownLatch(1);
        Handler answer = Blocking.of((req, res) -> {
            res.body(source, source.size); // the body left unread: the server skips it after the handler
            answered.countDown();
        });
        try (TestServer server = TestServer.start(io, answer, o -> { })) {
            try (RawClient c = server.connect()) {
                c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n0123456789");
                assertTrue(answered.await(10, TimeUnit.SECONDS));
            } // the client leaves in the middle of the body
            Await.until("the source to be closed", () -> source.closes.get() == 1);
            Await.until("the connection to close", () -> server.server.connections() == 0);
            assertEquals(1, source.closes.get());
        }
    }

    /** An output stream used, then body(source) set: the stream's answer stands, the source is closed unread. */
    @ParameterizedTest
    @MethodSource("backends")
    void aSourceSetAfterTheOutputStreamIsNotSent(IoMode io) throws Exception {
        CountingSource source = new CountingSource(10);
        Handler both = Blocking.of((req, res) -> {
            OutputStream out = res.outputStream();
            out.write('x');
            out.flush();
            res.body(source, source.size);
        });
        try (TestServer server = TestServer.start(io, both, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET /next HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            InputStream in = new BufferedInputStream(c.socket.getInputStream());
            assertEquals("HTTP/1.1 200 OK", Chunked.head(in).get(":status"));
            assertEquals("x", Chunked.text(Chunked.body(in)));
            assertEquals("HTTP/1.1 200 OK", Chunked.head(in).get(":status"), "the next answer, in step");
            assertEquals("x", Chunked.text(Chunked.body(in)));
            assertEquals("", rest(in));
            Await.until("both sources closed", () -> source.closes.get() == 2);
            assertEquals(0, source.pulled.get(), "never read");
        }
    }

    /** 205 from an output stream: Content-Length: 0 and no body, as ResponseWriter answers it; the connection goes on. */
    @ParameterizedTest
    @MethodSource("backends")
    void a205FromTheOutputStreamHasNoBody(IoMode io) throws Exception {
        Handler reset = Blocking.of((req, res) -> {
            res.status(205);
            res.outputStream().write("ignored".getBytes(StandardCharsets.US_ASCII));
        });
        try (TestServer server = TestServer.start(io, reset, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response first = c.read();
            assertEquals(205, first.status());
            assertEquals("0", first.header("content-length"));
            assertNull(first.header("transfer-encoding"));
            c.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            RawClient.Response second = c.read();
            assertEquals(205, second.status(), "the next answer, in step: no body was sent");
            assertTrue(c.closedByServer());
        }
    }

    /**
     * A handler that interrupted itself, writing to a client that does not read: its wait for the socket must
     * park, not spin. A virtual thread has no CPU time of its own, so the carriers' is measured while it waits
     * (a spin takes a whole carrier: hundreds of ms in the window even on a crowded machine; parked: about 0).
     * The flag is given back to the handler afterwards.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void anInterruptedHandlerWaitsForASlowReaderWithoutSpinning(IoMode io) throws Exception {
        int total = 8 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Handler producer = Blocking.of((req, res) -> {
            Thread.currentThread().interrupt();
            OutputStream out = res.outputStream();
            byte[] block = new byte[64 * 1024];
            for (int sent = 0; sent < total; sent += block.length) {
                out.write(block);
                written.addAndGet(block.length);
            }
            out.flush();
            stillInterrupted.set(Thread.interrupted());
        });
        try (TestServer server = TestServer.start(io, producer, o -> { });
             RawClient c = new RawClient(server.port(), 4096)) {
            c.send("GET /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            Await.until("the producer to start", () -> written.get() > 0);
            Await.stalled("the producer to stall", written::get);
            long before = carrierCpuNanos();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500)); // the window: nothing is to happen in it
            long spent = carrierCpuNanos() - before;
            assertTrue(written.get() < total, "still waiting for the reader");
            assertTrue(spent < TimeUnit.MILLISECONDS.toNanos(250),
                    "carriers used " + spent / 1_000_000 + " ms of CPU while the handler waited");
            InputStream in = new BufferedInputStream(c.socket.getInputStream(), 64 * 1024);
            assertEquals("HTTP/1.1 200 OK", Chunked.head(in).get(":status"));
            assertEquals(total, Chunked.body(in).length);
            Await.until("the handler to end", () -> server.server.blockingHandlers() == 0);
            assertTrue(stillInterrupted.get(), "the interrupt is given back to the handler");
        }
    }

    /** CPU time of the virtual threads' carriers (the default scheduler's ForkJoinPool-N-worker-M threads). */
    private static long carrierCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("ForkJoinPool-")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                sum += Math.max(t, 0);
            }
        }
        return sum;
    }

    /** No thread for a blocking handler: 503 and a close, and the permit goes back (--max-blocking 1 here). */
    @ParameterizedTest
    @MethodSource("backends")
    void aFailedThreadStartAnswers503AndGivesThePermitBack(IoMode io) throws Exception {
        Handler ok = Blocking.of((req, res) -> res.body("ran"));
        ThreadFactory real = BlockingExchange.threads;
        try (TestServer server = TestServer.start(io, ok, o -> o.maxBlocking(1))) {
            try (RawClient c = server.connect()) {
                BlockingExchange.threads = r -> {
                    throw new IllegalStateException("no thread for you (test)");
                };
                RawClient.Response refused = c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(503, refused.status());
                assertEquals("close", refused.header("connection"));
                assertTrue(c.closedByServer());
            } finally {
                BlockingExchange.threads = real;
            }
            assertEquals(0, server.server.blockingHandlers(), "the permit is back");
            try (RawClient c = server.connect()) {
                assertEquals("ran", c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
            }
            Await.until("the connections to close", () -> server.server.connections() == 0);
        }
    }
}
