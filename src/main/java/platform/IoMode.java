package platform;

import java.util.Locale;

import platform.linux.LinuxPlatform;
import platform.nio.NioPlatform;

/** The {@code --io} choice, and the start-up rule that turns it into a {@link Platform}. */
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

    /** Opens the backend for this mode, or explains why it cannot. */
    public Platform open() {
        return switch (this) {
            case AUTO -> LinuxPlatform.isSupported() ? new LinuxPlatform() : new NioPlatform();
            case NIO -> new NioPlatform();
            case EPOLL -> {
                if (!LinuxPlatform.isSupported()) {
                    throw new UnsupportedOperationException("the epoll backend needs Linux on x86-64 or aarch64"
                            + " (this is " + System.getProperty("os.name") + " on " + System.getProperty("os.arch")
                            + "); use --io nio");
                }
                yield new LinuxPlatform();
            }
        };
    }
}
