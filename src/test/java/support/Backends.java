package support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import platform.IoMode;

/**
 * The I/O backends the suite runs against. {@code -Dskep.test.io=nio} (or epoll) picks one; the default
 * {@code all} runs every backend this machine can open, so the portable (Windows) path is always tested.
 */
public final class Backends {
    private Backends() {
    }

    public static List<IoMode> all() {
        String chosen = System.getProperty("skep.test.io", "all").trim().toLowerCase(Locale.ROOT);
        List<IoMode> modes = new ArrayList<>();
        for (IoMode mode : List.of(IoMode.EPOLL, IoMode.NIO)) {
            if (!chosen.equals("all") && !chosen.equals(mode.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (isAvailable(mode)) {
                modes.add(mode);
            }
        }
        if (modes.isEmpty()) {
            throw new IllegalStateException("no I/O backend available for skep.test.io=" + chosen);
        }
        return modes;
    }

    private static boolean isAvailable(IoMode mode) {
        try {
            mode.open();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
