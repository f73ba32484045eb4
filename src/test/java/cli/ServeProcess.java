package cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import platform.IoMode;

/**
 * {@code skep serve} (the Hello application) in a process of its own on free ports, with its admin port when
 * given {@code --admin-port} ({@link #adminPort} -1 otherwise); its output collected.
 */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final int port;
    final int adminPort;
    private final List<String> lines;

    private ServeProcess(Process process, int port, int adminPort, List<String> lines) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
        this.lines = lines;
    }

    static ServeProcess start(IoMode io, String... options) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "cli.Main", "serve", "--host", "127.0.0.1",
                "--port", "0", "--workers", "2", "--io", io.name().toLowerCase(Locale.ROOT)));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new CopyOnWriteArrayList<>();
        boolean withAdmin = List.of(options).contains("--admin-port");
        try {
            String listening = out.readLine(); // the process writes it or exits: bounded by its start-up
            Matcher port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(listening));
            assertTrue(port.find(), "start-up line: " + listening);
            lines.add(listening);
            if (withAdmin) {
                String adminLine = out.readLine();
                Matcher admin = Pattern.compile("Admin on http://[0-9.]+:(\\d+)/ \\(/metrics, /livez, /readyz\\)")
                        .matcher(String.valueOf(adminLine));
                assertTrue(admin.find(), "admin line: " + adminLine);
                lines.add(adminLine);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            process.destroyForcibly();
            out.close();
            throw e;
        }
        Thread.ofPlatform().daemon().start(() -> {
            try (out) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        Matcher port = Pattern.compile(":(\\d+)/").matcher(lines.get(0));
        assertTrue(port.find());
        int adminPort = -1;
        if (withAdmin) {
            Matcher admin = Pattern.compile(":(\\d+)/").matcher(lines.get(1));
            assertTrue(admin.find());
            adminPort = Integer.parseInt(admin.group(1));
        }
        return new ServeProcess(process, Integer.parseInt(port.group(1)), adminPort, lines);
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        assertFalse(process.isAlive());
    }
}
