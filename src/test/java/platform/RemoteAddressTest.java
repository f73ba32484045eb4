package platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.select.Backend;
import support.Await;
import support.Backends;

/** {@link Socket#remoteAddress()}: the client's address and port as the client sees its own, on each backend. */
class RemoteAddressTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theAcceptedSocketKnowsTheClientsAddressAndPortOverIpv4(IoMode io) throws Exception {
        check(io, InetAddress.getByName("127.0.0.1"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void andOverIpv6(IoMode io) throws Exception {
        InetAddress loopback6 = InetAddress.getByName("::1");
        Assumptions.assumeTrue(loopback6 instanceof Inet6Address && ipv6Works(loopback6), "no IPv6 loopback here");
        check(io, loopback6);
    }

    private static void check(IoMode io, InetAddress host) throws Exception {
        Backends.assumeAvailable(io);
        try (ListenSocket listener = Backend.open(io).listen(new InetSocketAddress(host, 0), 4, false);
             java.net.Socket client = new java.net.Socket()) {
            client.connect(new InetSocketAddress(host, listener.localPort()), 10_000);
            client.getOutputStream().write('x'); // TCP_DEFER_ACCEPT: accept returns once data came
            Socket[] accepted = new Socket[1];
            Await.until("the connection to be accepted", () -> {
                try {
                    return (accepted[0] = listener.accept()) != null;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            try {
                InetSocketAddress peer = accepted[0].remoteAddress();
                assertEquals(client.getLocalSocketAddress(), peer);
                assertSame(peer, accepted[0].remoteAddress(), "looked up once, then cached");
            } finally {
                accepted[0].close();
            }
        }
    }

    private static boolean ipv6Works(InetAddress address) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, address)) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
