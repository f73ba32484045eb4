package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel behaviour that {@link ReusePortHandOverTest} and docs/PRODUCTION.md rely on: the connections
 * queued on a closed SO_REUSEPORT listener are reset with {@code net.ipv4.tcp_migrate_req=0} and move to the
 * port's other listener with 1. The sysctl is per network namespace, so each case runs
 * scripts/migrate-req-probe.py in a private one ({@code unshare -n}, root), leaving the machine's alone;
 * skipped where that is not possible.
 */
class ReusePortKernelTest {
    private record Run(int status, String output) {
    }

    private static Run run(List<String> command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) { // no such program
            return new Run(127, e.getMessage());
        }
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        return new Run(process.exitValue(), output);
    }

    @ParameterizedTest
    @CsvSource({"0, migrated 0 of 4", "1, migrated 4 of 4"})
    void queuedConnectionsMigrateOnlyWithTheSysctl(int sysctl, String expected) throws Exception {
        // Exit 77: no private namespace, or the sysctl cannot be set in it (not root, no ip, before 5.14).
        String script = "{ ip link set lo up && echo " + sysctl + " > /proc/sys/net/ipv4/tcp_migrate_req; } 2>&1"
                + " || exit 77; command -v python3 >/dev/null || exit 77; exec python3 scripts/migrate-req-probe.py";
        Run run = run(List.of("unshare", "-n", "sh", "-c", script));
        Run unshare = run.status() == 0 ? run : run(List.of("unshare", "-n", "true"));
        assumeTrue(unshare.status() == 0 && run.status() != 77,
                "no private network namespace with the sysctl set here (needs root, unshare, ip, python3, "
                        + "Linux 5.14+): " + run.output());
        assertEquals(0, run.status(), run.output());
        String output = run.output().trim();
        assertEquals(expected, output);
    }
}
