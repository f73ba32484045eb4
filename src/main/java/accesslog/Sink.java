package accesslog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Where the writer's batches go: a file it can reopen after a rotation, or a stream. Writer thread only. */
abstract class Sink {
    abstract void write(byte[] bytes, int length) throws IOException;

    /** Opens the destination again (a rotated file's new one); a stream stays as it is. */
    abstract void reopen() throws IOException;

    abstract void close() throws IOException;

    static Sink file(Path path) throws IOException {
        return new FileSink(path);
    }

    static Sink stream(OutputStream out, boolean closeAtEnd) {
        return new StreamSink(out, closeAtEnd);
    }

    /** A file opened for appending, so that several writers (and a rotation) never overwrite lines. */
    private static final class FileSink extends Sink {
        private final Path path;
        private FileOutputStream out;

        FileSink(Path path) throws IOException {
            this.path = path;
            this.out = new FileOutputStream(path.toFile(), true);
        }

        @Override
        void write(byte[] bytes, int length) throws IOException {
            out.write(bytes, 0, length);
        }

        @Override
        void reopen() throws IOException {
            FileOutputStream fresh = new FileOutputStream(path.toFile(), true); // keep the old one if this fails
            FileOutputStream old = out;
            out = fresh;
            old.close();
        }

        @Override
        void close() throws IOException {
            out.close();
        }
    }

    /** Standard output (not closed at the end), or a test's stream. */
    private static final class StreamSink extends Sink {
        private final OutputStream out;
        private final boolean closeAtEnd;

        StreamSink(OutputStream out, boolean closeAtEnd) {
            this.out = out;
            this.closeAtEnd = closeAtEnd;
        }

        @Override
        void write(byte[] bytes, int length) throws IOException {
            out.write(bytes, 0, length);
            out.flush();
        }

        @Override
        void reopen() {
        }

        @Override
        void close() throws IOException {
            out.flush();
            if (closeAtEnd) {
                out.close();
            }
        }
    }
}
