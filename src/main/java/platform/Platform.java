package platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The OS-specific services the server needs: a listening socket and a one-shot {@link Poller}. */
public interface Platform {

    /** Short name for logs and the CLI: {@code epoll} or {@code nio}. */
    String name();

    /**
     * Binds and listens (SO_REUSEADDR, non-blocking). With {@code reusePort} the socket also sets
     * SO_REUSEPORT, so that other processes that set it may listen on the same port (the kernel spreads
     * new connections among them); where the OS has no such option this fails with an IOException.
     */
    ListenSocket listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException;

    /** Opens a new poller. */
    Poller openPoller() throws IOException;

    /**
     * Opens a regular file for reading, for this backend's {@link Socket#sendFile}; the caller holds its one
     * reference. Symbolic links are followed, and whatever the path names is opened: the caller checks
     * beforehand that it may be served and that it is a regular file (opening a FIFO waits for a writer).
     */
    OpenFile openFile(Path file) throws IOException;
}
