package support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The JDK's pollers for virtual threads (epoll descriptors kept for the rest of the process) start the first
 * time a virtual thread waits on a socket. {@link DescriptorCheck} starts them before any test counts its
 * descriptors, so that a test whose clients run on virtual threads is not taken for a leak.
 */
final class VirtualThreadPollers {
    private VirtualThreadPollers() {
    }

    /** Makes a virtual thread wait on a socket once (a read that times out). Bounded. */
    static void start() {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            Thread reader = Thread.ofVirtual().start(() -> {
                try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                    socket.setSoTimeout(20);
                    socket.getInputStream().read();
                } catch (IOException expected) {
                    // the read timed out: the pollers are running
                }
            });
            Socket accepted = listener.accept();
            reader.join(10_000);
            accepted.close();
        } catch (IOException | InterruptedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
