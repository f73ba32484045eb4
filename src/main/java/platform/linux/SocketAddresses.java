package platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/** {@code sockaddr_in} and {@code sockaddr_in6}, built from and read back into Java addresses. */
final class SocketAddresses {
    static final int IPV4_SIZE = 16;
    static final int IPV6_SIZE = 28;
    static final int STORAGE_SIZE = 128;

    private SocketAddresses() {
    }

    static int family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? Native.AF_INET6 : Native.AF_INET;
    }

    /** Writes {@code address} into fresh memory of {@code arena}; the segment's size is the sockaddr length. */
    static MemorySegment encode(InetSocketAddress address, Arena arena) {
        byte[] ip = address.getAddress().getAddress();
        boolean v4 = address.getAddress() instanceof Inet4Address;
        MemorySegment s = arena.allocate(v4 ? IPV4_SIZE : IPV6_SIZE, 8);
        s.set(JAVA_SHORT, 0, (short) (v4 ? Native.AF_INET : Native.AF_INET6)); // host byte order
        s.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) address.getPort());
        int at = v4 ? 4 : 8; // sockaddr_in6 has a 4-byte flow label first
        for (int i = 0; i < ip.length; i++) {
            s.set(JAVA_BYTE, at + i, ip[i]);
        }
        if (!v4) {
            s.set(JAVA_INT, 24, ((Inet6Address) address.getAddress()).getScopeId());
        }
        return s;
    }

    /** A sockaddr read back by getsockname or getpeername, as a Java address; null for another family. */
    static InetSocketAddress decode(MemorySegment sockaddr) {
        int family = sockaddr.get(JAVA_SHORT, 0);
        byte[] ip;
        if (family == Native.AF_INET) {
            ip = sockaddr.asSlice(4, 4).toArray(JAVA_BYTE);
        } else if (family == Native.AF_INET6) {
            ip = sockaddr.asSlice(8, 16).toArray(JAVA_BYTE);
        } else {
            return null;
        }
        try {
            int scope = family == Native.AF_INET6 ? sockaddr.get(JAVA_INT, 24) : 0;
            // An IPv4-mapped IPv6 address comes back as the IPv4 one, as the JDK's own sockets report it.
            InetAddress address = scope != 0 ? Inet6Address.getByAddress(null, ip, scope) : InetAddress.getByAddress(ip);
            return new InetSocketAddress(address, port(sockaddr));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + ip.length + " bytes", e); // lengths are fixed above
        }
    }

    /** The port of a sockaddr read back by getsockname. */
    static int port(MemorySegment sockaddr) {
        return Short.toUnsignedInt(sockaddr.get(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
    }
}
