package platform;

import java.io.Closeable;
import java.io.IOException;

/** A non-blocking listening socket. Only T0 calls {@link #accept()}. */
public interface ListenSocket extends Closeable {

    /** Accepts one pending connection, already non-blocking with TCP_NODELAY; null when none is pending. */
    Socket accept() throws IOException;

    /** The bound port (useful after binding port 0). */
    int localPort();

    @Override
    void close();
}
