package platform;

import java.util.Locale;

import platform.nio.NioPlatform;

/** The {@code --io} choice, and the start-up rule that turns it into a {@link Platform}. */
public enum IoMode {
    /** The best backend this OS has. */
    AUTO,
    /** Linux epoll through java.lang.foreign. */
    EPOLL,
    /** Portable java.nio Selector (the Windows backend). */
    NIO;

    public static IoMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown I/O backend '" + text + "' (expected auto, epoll or nio)");
        }
    }

    /** Opens the backend for this mode, or explains why it cannot. */
    public Platform open() {
        return switch (this) {
            case AUTO, NIO -> new NioPlatform();
            case EPOLL -> throw new UnsupportedOperationException(
                    "the epoll backend is not available in this build; use --io nio");
        };
    }
}
