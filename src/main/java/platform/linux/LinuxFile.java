package platform.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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
            throw failure(path, -fd);
        }
        return new LinuxFile(fd);
    }

    /**
     * An exception of the java.nio kind for {@code errno} (missing: NoSuchFileException; no permission, EACCES
     * or EPERM: AccessDeniedException), so that callers handle both backends alike.
     */
    private static IOException failure(Path path, int errno) {
        String reason = Native.strerror(errno);
        return switch (errno) {
            case NativeFiles.ENOENT -> new NoSuchFileException(path.toString(), null, reason);
            case NativeFiles.EACCES, NativeFiles.EPERM -> new AccessDeniedException(path.toString(), null, reason);
            default -> new FileSystemException(path.toString(), null, reason);
        };
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
