package http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import platform.OpenFile;
import support.Await;
import support.Backends;
import support.OpenFiles;
import support.RawClient;
import support.TestServer;

/**
 * File bodies on the paths around the plain GET (written by a review): statuses without a body, a throwing
 * handler, deferred and blocking handlers, an interrupted blocking thread, the same file set twice; every
 * descriptor closed exactly once, a shared file never closed under other responses.
 */
class FileBodyPathsTest {
    @TempDir
    static Path dir;

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }



    @ParameterizedTest
    @MethodSource("backends")
    void statusWithoutBodyAndThrowingHandlerCloseTheFile(IoMode io) throws Exception {
        Path file = Files.write(dir.resolve("nobody-" + io), bytes(1000));
        Handler h = (request, response) -> {
            OpenFile f = request.openFile(file);
            response.body(f, 0, 1000);
            switch (request.path()) {
                case "/304" -> response.status(304);
                case "/204" -> response.status(204);
                case "/205" -> response.status(205);
                case "/throw" -> throw new IllegalStateException("after setting a file body");
                default -> { }
            }
        };
        try (TestServer server = TestServer.start(io, h, o -> { }); RawClient c = server.connect()) {
            c.send("GET /304 HTTP/1.1\r\nHost: t\r\n\r\nGET /204 HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /205 HTTP/1.1\r\nHost: t\r\n\r\nGET /ok HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(304, c.read(true).status());
            assertEquals(204, c.read(true).status());
            assertEquals(205, c.read().status());
            assertEquals(1000, c.read().body().length);
            OpenFiles.awaitClosed(file);
            c.send("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(500, c.read().status());
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void deferredAndBlockingFileBodies(IoMode io) throws Exception {
        byte[] content = bytes(300_000);
        Path file = Files.write(dir.resolve("deferred-" + io), content);
        CompletableFuture<Boolean> lateResult = new CompletableFuture<>();
        Handler deferred = (request, response) -> {
            Deferred d = response.defer();
            boolean late = request.path().equals("/late");
            OpenFile f = request.openFile(file); // opened here, filled in later
            CompletableFuture.runAsync(() -> {
                if (late) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                boolean sent = d.complete(r -> r.body(f, 0, content.length));
                if (!sent) {
                    f.close(); // not filled: ours to close
                }
                if (late) {
                    lateResult.complete(sent);
                }
            });
        };
        try (TestServer server = TestServer.start(io, deferred, o -> { })) {
            try (RawClient c = server.connect()) {
                c.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n");
                assertArrayEquals(content, c.read().body());
            }
            try (RawClient c = server.connect()) {
                c.send("GET /late HTTP/1.1\r\nHost: t\r\n\r\n");
            } // gone before completion
            assertFalse(lateResult.get(5, TimeUnit.SECONDS));
            server.awaitNoConnections();
            OpenFiles.awaitClosed(file);
        }
        Handler blocking = new Handler() {
            @Override
            public void handle(Request request, Response response) throws Exception {
                response.body(request.openFile(file), 0, content.length);
            }

            @Override
            public boolean blocking() {
                return true;
            }
        };
        try (TestServer server = TestServer.start(io, blocking, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertArrayEquals(content, c.read().body());
            assertArrayEquals(content, c.read().body());
            OpenFiles.awaitClosed(file);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void interruptedBlockingThreadPlainBody(IoMode io) throws Exception {
        byte[] content = bytes(100_000);
        Handler h = new Handler() {
            @Override
            public void handle(Request request, Response response) {
                Thread.currentThread().interrupt();
                response.body(content);
            }

            @Override
            public boolean blocking() {
                return true;
            }
        };
        try (TestServer server = TestServer.start(io, h, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertArrayEquals(content, c.read().body());
        }
    }

    /** A cache-like shared OpenFile; one blocking handler leaves its interrupt flag set (restoring it). */
    @ParameterizedTest
    @MethodSource("backends")
    void anInterruptedBlockingThreadMustNotBreakASharedFile(IoMode io) throws Exception {
        byte[] content = bytes(100_000);
        Path file = Files.write(dir.resolve("shared-" + io), content);
        OpenFile[] shared = new OpenFile[1];
        Handler h = new Handler() {
            @Override
            public void handle(Request request, Response response) throws Exception {
                if (shared[0] == null) {
                    shared[0] = request.openFile(file); // the "cache's" reference
                }
                if (request.path().equals("/interrupted")) {
                    Thread.currentThread().interrupt(); // e.g. catch (InterruptedException e) { interrupt(); }
                }
                if (request.path().startsWith("/bytes")) {
                    response.body(content);
                    return;
                }
                shared[0].retain();
                response.body(shared[0], 0, content.length);
            }

            @Override
            public boolean blocking() {
                return true;
            }
        };
        try (TestServer server = TestServer.start(io, h, o -> { })) {
            try (RawClient c = server.connect()) {
                c.send("GET /interrupted HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
                c.read(true);
                c.readToEnd();
            }
            try (RawClient c = server.connect()) {
                c.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n");
                assertArrayEquals(content, c.read().body(), "a later, uninterrupted response from the shared file");
            }
        } finally {
            if (shared[0] != null) {
                shared[0].close();
            }
        }
    }

    /** Setting the same file twice keeps its one reference: a shared file is not closed under others. */
    @ParameterizedTest
    @MethodSource("backends")
    void theSameFileSetTwiceKeepsItsOneReference(IoMode io) throws Exception {
        byte[] content = bytes(50_000);
        Path file = Files.write(dir.resolve("twice-" + io), content);
        OpenFile[] shared = new OpenFile[1];
        Handler h = (request, response) -> {
            if (shared[0] == null) {
                shared[0] = request.openFile(file); // the "cache's" reference
            }
            shared[0].retain();
            response.body(shared[0], 0, 10).body(shared[0], 0, content.length);
        };
        try (TestServer server = TestServer.start(io, h, o -> { }); RawClient c = server.connect()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertArrayEquals(content, c.read().body());
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            assertArrayEquals(content, c.read().body(), "the shared file is still open for the next response");
        } finally {
            if (shared[0] != null) {
                shared[0].close();
            }
        }
        OpenFiles.awaitClosed(file);
    }
}
