package cli;

import sun.misc.Signal;

/**
 * Ctrl-C (INT) and SIGTERM start a graceful stop. A shutdown hook would do too, but the JVM then exits
 * with 130/143; handling the signals lets the server stop cleanly and exit 0.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException unsupported) {
                // this OS has no such signal; the other one (or the default) still stops the process
            }
        }
    }
}
