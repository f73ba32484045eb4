package cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import http.ContentType;
import http.Handler;
import http.HelloApp;

/**
 * The application of the streaming benchmark (hidden {@code --stream-file}): {@code GET /stream} sends the
 * file as a streamed body with its Content-Length; other requests get the default application.
 */
final class StreamFileApp {
    private StreamFileApp() {
    }

    static Handler of(Path file) {
        Handler hello = new HelloApp();
        return (request, response) -> {
            if (request.path().equals("/stream")) {
                FileChannel channel = FileChannel.open(file);
                try {
                    response.contentType(ContentType.OCTET_STREAM).body(channel, channel.size());
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } else {
                hello.handle(request, response);
            }
        };
    }
}
