package support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;

import platform.IoMode;
import platform.select.Backend;

/**
 * The I/O backends the suite runs against. {@code -Dskep.test.io=nio} (or epoll) picks one; the default
 * {@code all} runs every backend, so the portable (Windows) path is always tested. A backend this machine
 * cannot open (epoll off Linux) still gets its test cases: {@link #assumeAvailable} makes JUnit report them
 * as skipped, with the reason, instead of dropping them silently.
 */
public final class Backends {
    private Backends() {
    }

    /** Every backend asked for with {@code skep.test.io}, available here or not. */
    public static List<IoMode> all() {
        String chosen = System.getProperty("skep.test.io", "all").trim().toLowerCase(Locale.ROOT);
        List<IoMode> modes = new ArrayList<>();
        for (IoMode mode : List.of(IoMode.EPOLL, IoMode.NIO)) {
            if (chosen.equals("all") || chosen.equals(mode.name().toLowerCase(Locale.ROOT))) {
                modes.add(mode);
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("skep.test.io=" + chosen + ": expected all, epoll or nio");
        }
        return modes;
    }

    /** Skips the calling test (reported as skipped, with why) when {@code mode} cannot run on this machine. */
    public static void assumeAvailable(IoMode mode) {
        String why = unavailableReason(mode);
        Assumptions.assumeTrue(why == null, () -> mode + " backend not available here: " + why);
    }

    private static String unavailableReason(IoMode mode) {
        try {
            Backend.open(mode);
            return null;
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        }
    }
}
