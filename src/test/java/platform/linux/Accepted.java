package platform.linux;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import platform.Socket;
import support.Await;

/** Test support: connects a java.net client to a Linux listener and returns the server's side of it. */
final class Accepted {
    private Accepted() {
    }

    static Socket from(LinuxListenSocket listener, java.net.Socket client) throws IOException {
        client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.localPort()), 10_000);
        client.getOutputStream().write('x'); // TCP_DEFER_ACCEPT: accept returns once data came
        Socket[] accepted = new Socket[1];
        Await.until("the connection to be accepted", () -> {
            try {
                return (accepted[0] = listener.accept()) != null;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        return accepted[0];
    }
}
