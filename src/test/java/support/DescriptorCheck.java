package support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test, the process's sockets, pipes, epoll and event descriptors are back to what they were
 * before it (waiting, bounded, for closes already under way): no test, and no server, leaks one.
 * Registered for every test through {@code META-INF/services}; Linux only ({@code /proc/self/fd}).
 */
public final class DescriptorCheck implements BeforeEachCallback, AfterEachCallback {
    private static final Path FDS = Path.of("/proc/self/fd");
    /** Where JUnit's @TempDir directories go: a file a test served from one must be closed when it ends. */
    private static final String TEMP_DIRS = Path.of(System.getProperty("java.io.tmpdir"), "junit").toString();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DescriptorCheck.class);

    static {
        // The JDK keeps one end of a socket pair open for the rest of the process once NIO first closes a
        // channel (for closes that race a read): open it now, before any test counts its descriptors.
        try (java.nio.channels.SocketChannel warm = java.nio.channels.SocketChannel.open();
             java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            warm.configureBlocking(false);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        VirtualThreadPollers.start(); // in a class of its own: a virtual thread here would wait for this class
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (Files.isDirectory(FDS)) {
            context.getStore(NAMESPACE).put("before", ioDescriptors().size());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Integer before = context.getStore(NAMESPACE).remove("before", Integer.class);
        if (before == null || context.getExecutionException().isPresent()) {
            return; // a failed test has already said what went wrong
        }
        try {
            Await.until("descriptors back to " + before, () -> ioDescriptors().size() <= before);
        } catch (AssertionError e) {
            throw new AssertionError("descriptors leaked: " + before + " before the test, now " + ioDescriptors(), e);
        }
    }

    /**
     * What the open descriptors point at, for those a server or a client opens: sockets, pipes, epoll, eventfd,
     * and files in JUnit's temporary directories (files that responses sent).
     */
    static List<String> ioDescriptors() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:")
                            || target.startsWith(TEMP_DIRS)) {
                        found.add(fd.getFileName() + "->" + target + describeSocket(target));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor (maybe the listing's own) closed while we looked: not open
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + FDS, e);
        }
        return found;
    }

    /** For a TCP socket, its addresses and state from /proc/net/tcp, to tell whose socket leaked. */
    private static String describeSocket(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6", "/proc/net/unix", "/proc/net/netlink")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (List.of(f).contains(inode)) {
                        return " " + table + " " + line.trim();
                    }
                }
            } catch (IOException ignored) {
                // not there: no detail
            }
        }
        return "";
    }
}
