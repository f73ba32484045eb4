package accesslog;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The clients' addresses as text, cached by the address object: a connection's address is looked up once
 * and kept by the server, so the lines of one connection format it once. Direct-mapped, writer thread only.
 */
final class RemoteAddresses {
    private static final int SIZE = 256; // a power of two
    private final InetSocketAddress[] keys = new InetSocketAddress[SIZE];
    private final byte[][] texts = new byte[SIZE][];

    /** Appends the address without the port, as nginx's {@code $remote_addr}; {@code -} when unknown. */
    void put(InetSocketAddress address, LineBuffer out) {
        byte[] text = text(address);
        out.put(text, 0, text.length);
    }

    byte[] text(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return DASH;
        }
        int i = System.identityHashCode(address) & (SIZE - 1);
        if (keys[i] != address) {
            keys[i] = address;
            texts[i] = address.getAddress().getHostAddress().getBytes(StandardCharsets.US_ASCII);
        }
        return texts[i];
    }

    private static final byte[] DASH = {'-'};
}
