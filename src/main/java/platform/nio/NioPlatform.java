package platform.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

import platform.ListenSocket;
import platform.OpenFile;
import platform.Platform;
import platform.Poller;

/** The portable backend: java.nio channels and a Selector. Works on every OS the JDK supports. */
public final class NioPlatform implements Platform {

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public ListenSocket listen(InetSocketAddress address, int backlog, boolean reusePort) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new IOException("SO_REUSEPORT is not supported on this platform");
                }
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(address, backlog);
            channel.configureBlocking(false);
            return new NioListenSocket(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Poller openPoller() throws IOException {
        return new NioPoller();
    }

    @Override
    public OpenFile openFile(Path file) throws IOException {
        return new NioFile(file);
    }
}
