package platform.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import platform.Socket;

final class NioSocket implements Socket {
    final SocketChannel channel;
    /** Set once by the poller on registration (T0), read by workers after they receive an event. */
    SelectionKey key;
    long token;

    NioSocket(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int count) throws IOException {
        return channel.write(srcs, 0, count);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            if (channel.isConnected() && !channel.socket().isOutputShutdown()) {
                // A channel still registered with a selector is really closed (FIN sent) only when the
                // selector next runs; shutting output down first lets the peer see the end at once.
                channel.shutdownOutput();
            }
        } catch (IOException ignored) {
            // reset by the peer already: closing is all that is left
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is gone either way
        }
    }
}
