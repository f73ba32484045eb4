package platform;

import java.util.Locale;

/**
 * The {@code --io} choice. {@code platform.select.Backend} turns it into a {@link Platform}: this interface
 * package knows none of its implementations.
 */
public enum IoMode {
    /** The best backend this OS has. */
    AUTO,
    /** Linux epoll through java.lang.foreign. */
    EPOLL,
    /** Portable java.nio Selector (the Windows backend). */
    NIO;

    /** The mode named {@code text} (auto, epoll or nio; any case), or IllegalArgumentException saying so. */
    public static IoMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown I/O backend '" + text + "' (expected auto, epoll or nio)");
        }
    }
}
