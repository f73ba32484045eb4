package http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux's {@code net.ipv4.tcp_migrate_req} (5.14+): when 1, the connections queued on a closed SO_REUSEPORT
 * listener move to another listener of the port; when 0 (the default) they are reset. A stopping server
 * accepts its queue before it closes, but a client whose handshake completes in between is reset without it.
 */
final class MigrateRequests {
    static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private MigrateRequests() {
    }

    /** 1 or 0 as the file says; -1 where it cannot be read (not Linux, older than 5.14). */
    static int read(Path sysctl) {
        try {
            String value = Files.readString(sysctl).trim();
            return value.equals("1") ? 1 : value.equals("0") ? 0 : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Logs a warning when {@code sysctl} says 0; returns whether it did. */
    static boolean warnIfOff(Path sysctl) {
        if (read(sysctl) != 0) {
            return false;
        }
        log.warn("--reuse-port: net.ipv4.tcp_migrate_req is 0, so a client that connects in the instant this "
                + "server closes its listener is reset instead of handed to the next server; "
                + "set it with 'sysctl -w net.ipv4.tcp_migrate_req=1' (see docs/PRODUCTION.md)");
        return true;
    }
}
