package platform.nio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import platform.OpenFile;

/** A file open as a FileChannel, for {@link FileChannel#transferTo} (sendfile where the OS has it). */
final class NioFile extends OpenFile {
    final FileChannel channel;

    NioFile(Path path) throws IOException {
        this.channel = FileChannel.open(path);
    }

    @Override
    public long size() throws IOException {
        boolean interrupted = Thread.interrupted(); // see NioSocket.sendFile: an interrupt would close it
        try {
            return channel.size();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void closeDescriptor() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only file: nothing was left to write
        }
    }
}
