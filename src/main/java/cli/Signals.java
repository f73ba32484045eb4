package cli;

import sun.misc.Signal;

/**
 * The signals {@code skep serve} handles. Ctrl-C (INT) and SIGTERM are stop requests (the first drains,
 * the second stops at once: see {@link ops.Drain}); a shutdown hook would not do, because the JVM then exits
 * with 130/143 and cannot tell a first signal from a second. SIGHUP runs a hook (e.g. reopen the access log).
 */
final class Signals {
    private Signals() {
    }

    /** Runs {@code action} on each INT and TERM, on the JVM's signal thread: it must return quickly. */
    static void onTermination(Runnable action) {
        handle(action, "INT", "TERM");
    }

    /**
     * Runs {@code action} on each SIGHUP, on the JVM's signal thread, instead of the default (which ends the
     * process). Not called: SIGHUP keeps its default.
     */
    static void onHangup(Runnable action) {
        handle(action, "HUP");
    }

    private static void handle(Runnable action, String... names) {
        for (String name : names) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException unsupported) {
                // this OS has no such signal (or the JVM keeps it); the others (or the default) still work
            }
        }
    }
}
