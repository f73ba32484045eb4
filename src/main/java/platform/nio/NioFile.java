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
        return channel.size();
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
