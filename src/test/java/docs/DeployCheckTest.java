package docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files in deploy/ pass scripts/check-deploy.sh (systemd-analyze verify, yamllint, the
 * structural check of the Kubernetes manifest); a check whose tool is missing is reported as skipped.
 */
class DeployCheckTest {
    private record Run(int status, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check-deploy.sh finished");
        return new Run(process.exitValue(), output);
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", "command -v " + tool)).status() == 0;
    }

    @Test
    void deployFilesPassEveryValidatorHere() throws Exception {
        Run run = run(List.of("scripts/check-deploy.sh"));
        assertEquals(0, run.status(), run.output());
        String skipped = run.output().lines().filter(l -> l.startsWith("skip: ")).collect(Collectors.joining("; "));
        assumeTrue(skipped.isEmpty(), "the checks that ran passed; not run: " + skipped
                + " (scripts/test-tools.sh installs yamllint where it can)");
    }

    /** The structural check is not vacuous: a grace period too short and probes on the wrong port fail. */
    @Test
    void theStructuralCheckRefusesABrokenManifest(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("python3") && run(List.of("python3", "-c", "import yaml")).status() == 0,
                "python3 with PyYAML is not installed");
        String good = Files.readString(Path.of("deploy/k8s/skep.yaml"));
        String bad = good.replace("terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 15")
                .replace("port: admin", "port: http");
        Path manifest = dir.resolve("skep.yaml");
        Files.writeString(manifest, bad);
        Run run = run(List.of("python3", "scripts/check-deploy.py", manifest.toString()));
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("terminationGracePeriodSeconds 15 must exceed"), run.output());
        assertTrue(run.output().contains("readinessProbe must GET /readyz on the admin port"), run.output());
    }

    /**
     * The unit names the target's JDK: the script verifies it with this host's java in its place, so a JDK
     * path that does not exist here passes, and a misspelt key still fails. (The first failed before: the
     * script ran verify on the unit as is, "Command ... is not executable".)
     */
    @Test
    void theScriptVerifiesTheUnitWhateverJdkPathItNames(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        String good = Files.readString(Path.of("deploy/systemd/skep.service"))
                .replaceFirst("ExecStart=\\S+", "ExecStart=/opt/no-such-jdk/bin/java");
        Path unit = dir.resolve("skep.service");
        Files.writeString(unit, good);
        Run run = run(List.of("sh", "-c", "SKEP_CHECK_UNIT=" + unit + " scripts/check-deploy.sh"));
        assertTrue(run.output().contains("ok: systemd-analyze verify"), run.output());
        Files.writeString(unit, good.replace("KillSignal=SIGTERM", "KillSignall=SIGTERM"));
        run = run(List.of("sh", "-c", "SKEP_CHECK_UNIT=" + unit + " scripts/check-deploy.sh"));
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("Unknown key"), run.output());
    }

    /** systemd-analyze warns with status 0: the script fails on any message, e.g. a misspelt key. */
    @Test
    void systemdAnalyzeFlagsAMisspeltKey(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        Path unit = dir.resolve("skep.service");
        Files.writeString(unit, Files.readString(Path.of("deploy/systemd/skep.service"))
                .replace("KillSignal=SIGTERM", "KillSignall=SIGTERM"));
        Run run = run(List.of("systemd-analyze", "verify", unit.toString()));
        assertTrue(run.output().contains("Unknown key"), run.output());
    }
}
