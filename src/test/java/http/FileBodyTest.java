package http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import platform.OpenFile;
import platform.select.Backend;
import support.Await;
import support.Backends;
import support.OpenFiles;
import support.RawClient;
import support.TestServer;

/**
 * File bodies (Response.body(OpenFile, position, length)) over real sockets on every backend: the bytes sent
 * straight from the file, regions, HEAD, pipelining behind a file larger than one flush sends, a file that
 * ends before its declared length, and every descriptor closed once its response is done.
 */
class FileBodyTest {
    @TempDir
    static Path dir;

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** GET /NAME?from=A&length=B answers that region of the file NAME; "length" may exceed the file. */
    private static Handler files() {
        return (request, response) -> {
            Path file = dir.resolve(request.path().substring(1));
            OpenFile open = request.openFile(file);
            long size = open.size();
            String from = request.query("from");
            String length = request.query("length");
            long position = from == null ? 0 : Long.parseLong(from);
            response.contentType(ContentType.OCTET_STREAM)
                    .body(open, position, length == null ? size - position : Long.parseLong(length));
        };
    }



    @ParameterizedTest
    @MethodSource("backends")
    void aFileGoesOutWholeThenTheConnectionServesTheNextRequest(IoMode io) throws Exception {
        byte[] content = randomBytes(5 * 1024 * 1024 + 17, 1); // more than one flush sends
        Path file = Files.write(dir.resolve("whole-" + io), content);
        try (TestServer server = TestServer.start(io, files(), o -> { }); RawClient c = server.connect()) {
            // two requests in one write: the second waits behind the first's file body, then is answered
            c.send("GET /" + file.getFileName() + " HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /" + file.getFileName() + "?from=3&length=10 HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response whole = c.read();
            assertEquals(200, whole.status());
            assertEquals(String.valueOf(content.length), whole.header("content-length"));
            assertArrayEquals(content, whole.body());
            RawClient.Response region = c.read();
            assertEquals("10", region.header("content-length"));
            assertArrayEquals(Arrays.copyOfRange(content, 3, 13), region.body());
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headSendsTheLengthButNoBodyAndClosesTheFile(IoMode io) throws Exception {
        Path file = Files.write(dir.resolve("head-" + io), randomBytes(4000, 2));
        try (TestServer server = TestServer.start(io, files(), o -> { }); RawClient c = server.connect()) {
            c.send("HEAD /" + file.getFileName() + " HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /" + file.getFileName() + "?from=3990 HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response head = c.read(true);
            assertEquals("4000", head.header("content-length"));
            RawClient.Response tail = c.read();
            assertEquals("10", tail.header("content-length"), "the HEAD sent no body: the next response follows");
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFileShorterThanItsDeclaredLengthClosesTheConnection(IoMode io) throws Exception {
        byte[] content = randomBytes(300_000, 3);
        Path file = Files.write(dir.resolve("short-" + io), content);
        try (TestServer server = TestServer.start(io, files(), o -> { }); RawClient c = server.connect()) {
            c.send("GET /" + file.getFileName() + "?length=400000 HTTP/1.1\r\nHost: t\r\n\r\n");
            RawClient.Response head = c.read(true);
            assertEquals("400000", head.header("content-length"));
            byte[] body = c.readToEnd(); // the server closes: the client sees a short body, not a wrong one
            assertArrayEquals(content, body);
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aClientThatLeavesMidFileLeavesNoDescriptorOpen(IoMode io) throws Exception {
        Path file = Files.write(dir.resolve("left-" + io), randomBytes(8 * 1024 * 1024, 4));
        try (TestServer server = TestServer.start(io, files(), o -> { })) {
            try (RawClient c = new RawClient(server.port(), 4096)) {
                c.send("GET /" + file.getFileName() + " HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, c.read(true).status());
                Await.until("the server holds the file open", () -> OpenFiles.count(file) == 1);
            } // gone with most of the body unread
            server.awaitNoConnections();
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFileOfAnotherBackendClosesTheConnectionAndTheFile(IoMode io) throws Exception {
        Path file = Files.write(dir.resolve("other-" + io), randomBytes(10, 5));
        IoMode other = io == IoMode.NIO ? IoMode.EPOLL : IoMode.NIO;
        try (TestServer server = TestServer.start(io, (request, response) ->
                response.body(Backend.open(other).openFile(file), 0, 10), o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, c.read(true).status()); // the head went out before the socket saw the file
            assertEquals(0, c.readToEnd().length, "no body: the connection closes (a programming error, logged)");
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aNegativeRegionIsRefusedAndTheFileClosed(IoMode io) throws Exception {
        Path file = Files.write(dir.resolve("negative-" + io), randomBytes(10, 6));
        try (TestServer server = TestServer.start(io, (request, response) -> {
            OpenFile open = request.openFile(file);
            assertThrows(IllegalArgumentException.class, () -> response.body(open, -1, 5));
            assertTrue(open.isClosed());
            response.body("refused");
        }, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("refused", c.read().text());
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aHugeFileToASlowReaderHoldsNoBuffer(IoMode io) throws Exception {
        Path file = dir.resolve("huge-" + io);
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(4L << 30); // 4 GiB of holes: no disk used
        }
        try (TestServer server = TestServer.start(io, files(), o -> { })) {
            try (RawClient c = new RawClient(server.port(), 64 * 1024)) {
                c.send("GET /" + file.getFileName() + " HTTP/1.1\r\nHost: t\r\n\r\n");
                RawClient.Response head = c.read(true);
                assertEquals(String.valueOf(4L << 30), head.header("content-length"));
                byte[] some = c.socket.getInputStream().readNBytes(8 << 20);
                assertEquals(8 << 20, some.length);
                // The reader stops; the server waits for write interest with the rest of the file queued.
                Await.until("the server waits on a full socket, holding no buffer",
                        () -> server.server.fullBuffers().lent() == 0 && server.server.headBuffers().lent() == 0);
                assertEquals(1, OpenFiles.count(file), "the file stays open while its body is unsent");
            }
            server.awaitNoConnections();
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void openingFailsWithTheSameExceptionsOnEveryBackend(IoMode io) throws Exception {
        java.nio.file.Path missing = dir.resolve("missing-" + io);
        try (TestServer server = TestServer.start(io, (request, response) -> {
            try {
                request.openFile(missing).close();
                response.body("opened");
            } catch (java.nio.file.NoSuchFileException e) {
                response.status(404).body("missing");
            }
        }, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("missing", c.read().text());
        }
    }
}
