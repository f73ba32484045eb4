package platform;

import java.io.IOException;
import java.net.InetSocketAddress;

/** The OS-specific services the server needs: a listening socket and a one-shot {@link Poller}. */
public interface Platform {

    /** Short name for logs and the CLI: {@code epoll} or {@code nio}. */
    String name();

    /** Binds and listens (SO_REUSEADDR, non-blocking). */
    ListenSocket listen(InetSocketAddress address, int backlog) throws IOException;

    /** Opens a new poller. */
    Poller openPoller() throws IOException;
}
