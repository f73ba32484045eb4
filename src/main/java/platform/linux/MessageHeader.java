package platform.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct msghdr} for sendmsg(2), the same on x86-64 and aarch64 Linux (LP64): name pointer, name
 * length (int, padded to 8), iovec pointer, iovec count (size_t), control pointer, control length
 * (size_t), flags (int, padded): 56 bytes.
 */
final class MessageHeader {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    private static final long IOV = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("msg_iov"));
    private static final long IOVLEN = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("msg_iovlen"));

    private MessageHeader() {
    }

    /** A zeroed header (no address, no control data) that points at {@code iovecs}. */
    static MemorySegment allocate(Arena arena, MemorySegment iovecs) {
        MemorySegment header = arena.allocate(LAYOUT); // zeroed
        header.set(ADDRESS, IOV, iovecs);
        return header;
    }

    static void setIovecCount(MemorySegment header, int count) {
        header.set(JAVA_LONG, IOVLEN, count);
    }
}
