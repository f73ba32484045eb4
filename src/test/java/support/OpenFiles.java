package support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The descriptors this process holds open on a file (Linux: /proc/self/fd), for tests of file bodies. */
public final class OpenFiles {
    private OpenFiles() {
    }

    /** How many descriptors of this process are open on {@code file}. */
    public static long count(Path file) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded, see {@link Await}) until no descriptor of this process is open on {@code file}. */
    public static void awaitClosed(Path file) {
        Await.until("every descriptor of " + file + " closed", () -> count(file) == 0);
    }
}
