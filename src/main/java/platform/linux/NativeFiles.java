package platform.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls for files: open, size and sendfile. Apart from {@link Native} (the sockets and the loop)
 * because none of them is on the loop's path; linked non-critical, since each may wait for the disk.
 * Results as in Native: the call's result, or {@code -errno}.
 */
final class NativeFiles {
    // <fcntl.h>, <unistd.h>
    static final int O_RDONLY = 0;
    static final int O_NOCTTY = 0x100;
    static final int O_CLOEXEC = 0x80000;
    static final int SEEK_END = 2;
    // <errno.h>
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EACCES = 13;

    // open(2) is variadic (the mode follows the flags): declared so, with a mode of 0 that it ignores.
    private static final MethodHandle OPEN = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("open"),
            java.lang.foreign.FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.captureCallState("errno"), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle LSEEK = Native.blocking("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SENDFILE =
            Native.blocking("sendfile", JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG);

    private static final Charset FILE_NAMES = fileNameCharset();

    private static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private NativeFiles() {
    }

    /**
     * Opens {@code path} read-only (close-on-exec); a descriptor, or -errno. Not O_NONBLOCK: sendfile would
     * take it as "do not wait for the disk" and answer EAGAIN, which reads as a full socket. The name is encoded
     * as the JDK encodes file names ({@code sun.jnu.encoding}), so both backends open the same file.
     */
    static int open(String path) {
        Native.Scratch s = Native.scratch();
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = path.getBytes(FILE_NAMES); // any charset (allocateFrom takes only a few of them)
            MemorySegment name = arena.allocate(bytes.length + 1L); // zeroed: the last byte ends the string
            MemorySegment.copy(bytes, 0, name, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            int flags = O_RDONLY | O_NOCTTY | O_CLOEXEC;
            return Native.check((int) OPEN.invokeExact(s.capture, name, flags, 0), s);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /**
     * The file's size: its end, asked of the descriptor. Moves the descriptor's offset, which nothing uses:
     * {@link #sendfile} is always given its own.
     */
    static long size(int fd) {
        Native.Scratch s = Native.scratch();
        try {
            return Native.check((long) LSEEK.invokeExact(s.capture, fd, 0L, SEEK_END), s);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }

    /** sendfile(2) from {@code position}: bytes sent, 0 at the file's end, or -errno (EAGAIN: socket full). */
    static long sendfile(int socket, int file, long position, long count) {
        Native.Scratch s = Native.scratch();
        s.struct.set(JAVA_LONG, 0, position); // off_t in, updated by the kernel; the result says the same
        try {
            return Native.check((long) SENDFILE.invokeExact(s.capture, socket, file, s.struct, count), s);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
    }
}
