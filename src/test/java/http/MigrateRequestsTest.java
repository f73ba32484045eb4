package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check of {@code net.ipv4.tcp_migrate_req} that {@code --reuse-port} warns about. */
class MigrateRequestsTest {
    @Test
    void warnsOnlyWhenTheSysctlSaysZero(@TempDir Path dir) throws Exception {
        Path sysctl = dir.resolve("tcp_migrate_req");
        Files.writeString(sysctl, "0\n");
        assertEquals(0, MigrateRequests.read(sysctl));
        assertTrue(MigrateRequests.warnIfOff(sysctl));
        Files.writeString(sysctl, "1\n");
        assertEquals(1, MigrateRequests.read(sysctl));
        assertFalse(MigrateRequests.warnIfOff(sysctl));
        assertEquals(-1, MigrateRequests.read(dir.resolve("missing")), "not Linux, or older than 5.14");
        assertFalse(MigrateRequests.warnIfOff(dir.resolve("missing")));
    }
}
