package platform.select;

import platform.IoMode;
import platform.Platform;
import platform.linux.LinuxPlatform;
import platform.nio.NioPlatform;

/**
 * The start-up rule that turns an {@link IoMode} into a {@link Platform}: the one place that knows every
 * backend, so that the interface package {@code platform} imports none of its implementations.
 */
public final class Backend {
    private Backend() {
    }

    /** Opens the backend for {@code mode}, or explains why it cannot. */
    public static Platform open(IoMode mode) {
        return switch (mode) {
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
