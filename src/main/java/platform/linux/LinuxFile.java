package platform.linux;

import java.io.IOException;
import java.nio.file.Path;

import platform.OpenFile;

/** A file open as a bare descriptor, for sendfile(2). */
final class LinuxFile extends OpenFile {
    final int fd;

    private LinuxFile(int fd) {
        this.fd = fd;
    }

    static LinuxFile open(Path path) throws IOException {
        int fd = NativeFiles.open(path.toString());
        if (fd < 0) {
            throw new IOException("open " + path + ": " + Native.strerror(-fd));
        }
        return new LinuxFile(fd);
    }

    @Override
    public long size() throws IOException {
        long size = NativeFiles.size(fd);
        if (size < 0) {
            throw new IOException("lseek: " + Native.strerror((int) -size));
        }
        return size;
    }

    @Override
    protected void closeDescriptor() {
        Native.close(fd);
    }
}
