package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Await;
import support.Backends;
import support.RawClient;
import support.ServerThreads;
import support.TestServer;

/** Floods and clients that never read: the server's CPU and memory stay bounded, and it serves again. */
class OverloadTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    /** A request head in progress: its connection holds a slot that is never reclaimed for a new client. */
    private static final String HALF_A_HEAD = "GET / HTTP/1.1\r\nHost: t\r\n";

    static List<IoMode> backends() {
        return Backends.all();
    }

    /**
     * Many more connections than --max-connections, each with a request head in progress (so none is idle,
     * none can be reclaimed): the server holds its limit without spinning while the rest wait in the
     * backlog, and once the flood goes away it serves a new client at once.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aFloodPastTheConnectionLimitCostsLittleCpuAndTheServerRecovers(IoMode io) throws Exception {
        int limit = 16;
        int flood = 300;
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxConnections(limit))) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < flood; i++) {
                    clients.add(server.connect().send(i == flood - 1 ? GET : HALF_A_HEAD));
                }
                Await.until(limit + " connections", () -> server.server.connections() == limit);
                long cpuBefore = ServerThreads.cpuNanos();
                long wallBefore = System.nanoTime();
                RawClient waiting = clients.get(flood - 1);
                waiting.socket.setSoTimeout(500);
                org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, waiting::read,
                        "no answer beyond the limit");
                long cpu = ServerThreads.cpuNanos() - cpuBefore;
                long wall = System.nanoTime() - wallBefore;
                assertTrue(cpu < wall / 5, "server threads used " + TimeUnit.NANOSECONDS.toMillis(cpu)
                        + " ms of CPU in " + TimeUnit.NANOSECONDS.toMillis(wall) + " ms while full");
                assertEquals(limit, server.server.connections(), "still at the limit, not past it");
                for (int i = 0; i < limit; i++) {
                    assertEquals(200, clients.get(i).send("\r\n").read().status(),
                            "the first " + limit + " are served");
                }
            } finally {
                for (RawClient c : clients) {
                    c.close();
                }
            }
            server.awaitNoConnections();
            try (RawClient fresh = server.connect()) {
                assertEquals(200, fresh.send(GET).read().status(), "served again once the flood is gone");
            }
        }
    }

    /**
     * A client that pipelines requests and never reads: the server stops reading from it once its answers
     * back up (it reads nothing while output is pending), so its memory does not grow with the requests sent;
     * when the client reads at last, every answer is there, and the server goes on.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatNeverReadsCannotGrowTheServersMemory(IoMode io) throws Exception {
        String body = "x".repeat(256);
        Handler handler = (request, response) -> response.body(body);
        byte[] request = GET.getBytes(StandardCharsets.US_ASCII);
        int maxRequests = 400_000;
        try (TestServer server = TestServer.start(io, handler, o -> { });
             SocketChannel client = SocketChannel.open()) {
            int responseLength = measureResponse(server.port());
            client.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            client.connect(new InetSocketAddress("127.0.0.1", server.port()));
            client.configureBlocking(false);
            long directBefore = directMemoryUsed();
            long heapBefore = heapUsedAfterGc();

            // Write until the server stops taking requests (no progress for half a second), or a bound.
            ByteBuffer batch = ByteBuffer.allocateDirect(request.length * 1000);
            while (batch.hasRemaining()) {
                batch.put(request);
            }
            batch.flip();
            long written = 0;
            long lastProgress = System.nanoTime();
            while (written < (long) maxRequests * request.length
                    && System.nanoTime() - lastProgress < TimeUnit.MILLISECONDS.toNanos(500)) {
                int n = client.write(batch);
                if (n > 0) {
                    written += n;
                    lastProgress = System.nanoTime();
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                if (!batch.hasRemaining()) {
                    batch.rewind();
                }
            }
            long requests = written / request.length;
            long unbounded = requests * responseLength;
            assertTrue(unbounded > 32L * 1024 * 1024, "the client sent only " + requests + " requests");

            long directGrowth = directMemoryUsed() - directBefore;
            long heapGrowth = heapUsedAfterGc() - heapBefore;
            assertTrue(directGrowth < 1024 * 1024, "direct memory grew " + directGrowth + " bytes for "
                    + requests + " unread responses (" + unbounded + " bytes)");
            assertTrue(heapGrowth < 16 * 1024 * 1024, "heap grew " + heapGrowth + " bytes for "
                    + requests + " unread responses (" + unbounded + " bytes)");

            // Now read: every complete request gets its answer (the server resumes as the output drains).
            client.configureBlocking(true);
            ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
            long received = 0;
            while (received < unbounded) {
                int n = client.read(in);
                assertTrue(n > 0, "connection closed after " + received + " of " + unbounded + " bytes");
                received += n;
                in.clear();
            }
            assertEquals(unbounded, received);
            try (RawClient other = server.connect()) {
                assertEquals(200, other.send(GET).read().status());
            }
        }
    }

    /** The size of the server's answer to GET, the same for every request (Date has a fixed width). */
    private static int measureResponse(int port) throws IOException {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ch.write(ByteBuffer.wrap(GET.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true) {
                ch.read(in);
                String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
                    int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
                    if (in.position() >= headEnd + 4 + length) {
                        return headEnd + 4 + length;
                    }
                }
            }
        }
    }

    private static long directMemoryUsed() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool bean");
    }

    private static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
