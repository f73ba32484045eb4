package platform.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import platform.ListenSocket;
import platform.Socket;

final class NioListenSocket implements ListenSocket {
    final ServerSocketChannel channel;
    private final int port;

    NioListenSocket(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    @Override
    public Socket accept() throws IOException {
        SocketChannel accepted = channel.accept();
        if (accepted == null) {
            return null;
        }
        try {
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            accepted.close();
            throw e;
        }
        return new NioSocket(accepted);
    }

    @Override
    public int localPort() {
        return port;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a listener has nothing useful to report
        }
    }
}
