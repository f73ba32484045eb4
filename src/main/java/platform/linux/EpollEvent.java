package platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct epoll_event { uint32_t events; epoll_data_t data; }}: packed (12 bytes, data at 4) on x86-64,
 * naturally aligned (16 bytes, data at 8) on other 64-bit architectures such as aarch64.
 */
final class EpollEvent {
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    static final int SIZE = PACKED ? 12 : 16;
    private static final int DATA = PACKED ? 4 : 8;

    private EpollEvent() {
    }

    static void set(MemorySegment events, int index, int mask, long data) {
        long at = (long) index * SIZE;
        events.set(JAVA_INT_UNALIGNED, at, mask);
        events.set(JAVA_LONG_UNALIGNED, at + DATA, data);
    }

    static int events(MemorySegment events, int index) {
        return events.get(JAVA_INT_UNALIGNED, (long) index * SIZE);
    }

    static long data(MemorySegment events, int index) {
        return events.get(JAVA_LONG_UNALIGNED, (long) index * SIZE + DATA);
    }
}
