package http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.ServerThreads;
import support.TestServer;

/** The server over real sockets, on every backend: the HTTP/1.1 behaviour a client sees. */
class HttpIntegrationTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void helloOverHttpClientReusesOneConnection(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(10)).build()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/p" + i))
                                .timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("Hello, World!", response.body());
                assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
                assertEquals("skep", response.headers().firstValue("server").orElseThrow());
                assertTrue(response.headers().firstValue("date").orElseThrow().endsWith(" GMT"));
            }
            assertEquals(1, server.server.connections(), "keep-alive: one connection for all requests");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepAliveAnswersManyRequestsOnOneSocket(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            for (int i = 0; i < 50; i++) {
                RawClient.Response r = c.send(GET).read();
                assertEquals(200, r.status());
                assertEquals("Hello, World!", r.text());
                assertEquals("13", r.header("content-length"));
                assertNull(r.header("connection"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void hundredPipelinedRequestsInOneWriteAreAnsweredInOrder(IoMode io) throws Exception {
        Handler pathEcho = (request, response) -> response.body(request.path());
        try (TestServer server = TestServer.start(io, pathEcho, o -> { }); RawClient c = server.connect()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append("GET /r").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            c.send(batch.toString());
            for (int i = 0; i < 100; i++) {
                assertEquals("/r" + i, c.read().text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chunkedUploadIsDecodedAndEchoed(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            c.send("POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Type: text/x\r\n\r\n"
                    + "5\r\nhello\r\n");
            c.send("1;ext=1\r\n,\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("hello, world", r.text());
            assertEquals("text/x", r.header("content-type"));
            assertEquals(200, c.send(GET).read().status(), "the connection is still usable");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void largeUploadAcrossManyReadsIsEchoedWhole(IoMode io) throws Exception {
        byte[] body = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(body);
        try (TestServer server = TestServer.start(io);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/big"))
                            .timeout(Duration.ofSeconds(20))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(body, response.body());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expectContinueGets100BeforeTheBodyIsSent(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            RawClient.Response interim = c.read();
            assertEquals(100, interim.status());
            c.send("ping");
            RawClient.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ping", r.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expectContinueTooLargeGets413AndNo100(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 99999999\r\n\r\n");
            assertEquals(413, c.read().status());
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headAnswersHeadersOnly(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            RawClient.Response r = c.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertEquals(200, r.status());
            assertEquals("13", r.header("content-length"));
            // No body followed: the next response starts right away.
            RawClient.Response next = c.send(GET).read();
            assertEquals("Hello, World!", next.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void http10ClosesUnlessAskedToKeepAlive(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io)) {
            try (RawClient c = server.connect()) {
                RawClient.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer());
            }
            try (RawClient c = server.connect()) {
                for (int i = 0; i < 3; i++) {
                    RawClient.Response r = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                    assertEquals("keep-alive", r.header("connection"));
                }
            }
            try (RawClient c = server.connect()) {
                RawClient.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read();
                assertEquals("close", r.header("connection"));
                assertTrue(c.closedByServer());
            }
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatClosesMidRequestCostsOnlyItsConnection(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io)) {
            for (String partial : List.of("GET / HT", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc",
                    "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")) {
                try (RawClient c = server.connect()) {
                    c.send(partial);
                }
            }
            try (RawClient c = server.connect()) {
                c.socket.setSoLinger(true, 0); // and one that resets
                c.send("GET / HTTP/1.1\r\nHost");
            }
            server.awaitNoConnections();
            try (RawClient c = server.connect()) {
                assertEquals(200, c.send(GET).read().status());
            }
        }
    }

    /** A client that resets while a large answer is still being written costs only its own connection. */
    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatResetsMidResponseCostsOnlyItsConnection(IoMode io) throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        Handler handler = (request, response) -> response.body(big);
        try (TestServer server = TestServer.start(io, handler, o -> { })) {
            for (int i = 0; i < 3; i++) {
                try (RawClient c = new RawClient(server.port(), 4096)) {
                    c.send(GET);
                    assertTrue(c.socket.getInputStream().readNBytes(1024).length == 1024, "the answer has begun");
                    c.socket.setSoLinger(true, 0); // close with a reset, the answer half sent
                }
            }
            server.awaitNoConnections();
            try (RawClient c = server.connect()) {
                assertEquals(big.length, c.send(GET).read().body().length);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aHalfClosedClientStillGetsItsAnswers(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            c.send(GET + GET);
            c.socket.shutdownOutput();
            assertEquals(200, c.read().status());
            assertEquals(200, c.read().status());
            assertTrue(c.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aResponseLargerThanTheSocketBufferReachesASlowReaderWhole(IoMode io) throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(big);
        Handler large = (request, response) -> response.body(big);
        try (TestServer server = TestServer.start(io, large, o -> { });
             RawClient c = new RawClient(server.port(), 4096)) {
            // Two in a row: the second waits behind the first's queued body.
            c.send(GET + GET);
            for (int i = 0; i < 2; i++) {
                RawClient.Response r = c.read();
                assertEquals(200, r.status());
                assertArrayEquals(big, r.body());
            }
            assertEquals(200, c.send(GET).read().status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aHandlerThatThrowsGets500AndTheServerGoesOn(IoMode io) throws Exception {
        Handler failing = (request, response) -> {
            if (request.path().equals("/fail")) {
                throw new IllegalStateException("handler bug (expected by the test)");
            }
            response.body("ok");
        };
        try (TestServer server = TestServer.start(io, failing, o -> { })) {
            try (RawClient c = server.connect()) {
                RawClient.Response r = c.send("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(500, r.status());
                assertTrue(c.closedByServer());
            }
            try (RawClient c = server.connect()) {
                assertEquals("ok", c.send(GET).read().text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unknownMethodsGet405FromTheDefaultApp(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            RawClient.Response r = c.send("DELETE / HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(405, r.status());
            assertNotNull(r.header("allow"));
            assertEquals(200, c.send(GET).read().status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void stopLetsARequestInFlightFinish(IoMode io) throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Handler slow = (request, response) -> {
            entered.countDown();
            release.await();
            response.body("finished");
        };
        TestServer server = TestServer.start(io, slow, o -> o.shutdownTimeout(Duration.ofSeconds(10)));
        try (RawClient c = server.connect()) {
            c.send(GET);
            assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
            Thread stopper = new Thread(server::close);
            stopper.start();
            // The server stops accepting at once...
            support.Await.until("the listener to close", () -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                    return false;
                } catch (IOException refused) {
                    return true;
                }
            });
            // ...and the request in flight still gets its answer, told to close.
            release.countDown();
            RawClient.Response r = c.read();
            assertEquals("finished", r.text());
            assertEquals("close", r.header("connection"));
            stopper.join(10_000);
            assertTrue(!stopper.isAlive());
        } finally {
            release.countDown();
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void bodiesOfPipelinedPostsAreKeptApart(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String body = "body-" + i;
                batch.append("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: ").append(body.length())
                        .append("\r\n\r\n").append(body);
            }
            c.send(batch.toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                assertEquals("body-" + i, c.read().text());
            }
        }
    }

    /**
     * A client that pipelines thousands of requests before it reads anything: the server (which reads no
     * more input while output is pending, so it buffers at most one input and one output buffer) keeps
     * serving others, and when the client finally reads, every answer is there, in order.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatPipelinesBeforeReadingGetsEveryAnswerWhileOthersAreServed(IoMode io) throws Exception {
        Handler pathEcho = (request, response) -> response.body(request.path());
        int requests = 20_000;
        try (TestServer server = TestServer.start(io, pathEcho, o -> { });
             RawClient flooder = new RawClient(server.port(), 4096)) {
            Thread writer = new Thread(() -> {
                try {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < requests; i++) {
                        batch.append("GET /").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
                        if (batch.length() > 16_000 || i == requests - 1) {
                            flooder.send(batch.toString());
                            batch.setLength(0);
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "flooder");
            writer.start();
            // Meanwhile another client is served normally.
            try (RawClient other = server.connect()) {
                for (int i = 0; i < 20; i++) {
                    assertEquals("/other" + i, other.send("GET /other" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
                }
            }
            for (int i = 0; i < requests; i++) {
                assertEquals("/" + i, flooder.read().text());
            }
            writer.join(10_000);
        }
    }

    /**
     * At --max-connections with no idle connection to reclaim (each has a request head in progress), further
     * connections wait in the backlog (T0 stops accepting, without spinning) and are served as soon as a
     * connection closes.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void atTheConnectionLimitNewConnectionsWaitUntilOneCloses(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io, new HelloApp(), o -> o.maxConnections(4))) {
            List<RawClient> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawClient c = server.connect();
                    held.add(c);
                    // a head in progress, never reclaimed; in the same write as the request before it, so the
                    // server has read it once the answer is here
                    assertEquals(200, c.send(GET + "GET / HTTP/1.1\r\nHost: t\r\n").read().status());
                }
                try (RawClient waiting = server.connect()) {
                    waiting.send(GET);
                    long cpuBefore = ServerThreads.cpuNanos();
                    waiting.socket.setSoTimeout(500);
                    org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, waiting::read,
                            "no answer while the server is full");
                    long cpu = ServerThreads.cpuNanos() - cpuBefore;
                    assertTrue(cpu < 200_000_000L, "server threads used " + cpu / 1_000_000 + " ms of CPU in 500 ms");
                    assertEquals(4, server.server.connections());
                    held.remove(0).close();
                    waiting.socket.setSoTimeout(RawClient.TIMEOUT_MILLIS);
                    assertEquals(200, waiting.read().status(), "served once a slot is free");
                }
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
        }
    }
}
