package platform.linux;

/** {@code struct iovec { void *iov_base; size_t iov_len; }}: 16 bytes on 64-bit Linux. */
final class Iov {
    static final int MAX = 8;
    static final int SIZE = 16;

    private Iov() {
    }
}
