package cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import files.StaticFiles;
import files.StaticFilesOptions;
import http.Handler;
import http.HttpServer;
import http.Limits;
import http.ServerOptions;
import http.Timeouts;
import accesslog.AccessLogFormat;
import accesslog.AccessLogOptions;
import ops.AdminServer;
import ops.Drain;
import ops.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import platform.IoMode;

/** {@code skep serve}: serves the files under {@code --root}, or the default application, until Ctrl-C or SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Serve the files under --root DIR; without it, 'Hello, World!' on GET/HEAD and echo bodies"
                + " on POST/PUT.",
        sortOptions = false, showDefaultValues = true)
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger("skep");
    /** The library's defaults, shown by --help: options live in ServerOptions. */
    private static final ServerOptions DEFAULTS = new ServerOptions();
    /** The static-files defaults: options live in StaticFilesOptions. */
    private static final StaticFilesOptions FILE_DEFAULTS = StaticFilesOptions.of(Path.of("."));

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Address to listen on.")
    String host = "0.0.0.0";

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (it is logged).")
    int port = 8080;

    @Option(names = "--workers", description = "Worker threads; the default is the number of cores.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--backlog", description = "Listen backlog.")
    int backlog = 1024;

    @Option(names = "--reuse-port", description = "Let other processes started with --reuse-port listen on the"
            + " same port (SO_REUSEPORT): the kernel spreads new connections among them, e.g. to start a new"
            + " server before stopping the old one. Not on Windows.")
    boolean reusePort;

    @Option(names = "--io", description = "I/O backend: auto, epoll or nio.", defaultValue = "auto",
            converter = IoModeConverter.class)
    IoMode io;

    @Option(names = "--log-level", description = "One of error, warn, info, debug, trace, off.",
            defaultValue = "info", converter = LevelConverter.class)
    Level logLevel;

    @Option(names = "--max-connections",
            description = "Open connections at most; more wait in the listen backlog until one closes."
                    + " Default: the descriptor limit (ulimit -n) less headroom, here ${DEFAULT-VALUE}.")
    int maxConnections = ServerOptions.defaultMaxConnections();

    @Option(names = "--max-request-line", description = "Request line bytes at most (414 above).")
    int maxRequestLine = Limits.DEFAULT.maxRequestLine();

    @Option(names = "--max-header-bytes", description = "Header section bytes at most (431 above).")
    int maxHeaderBytes = Limits.DEFAULT.maxHeaderBytes();

    @Option(names = "--max-headers", description = "Header fields at most (431 above).")
    int maxHeaders = Limits.DEFAULT.maxHeaders();

    @Option(names = "--max-body", description = "Request body bytes at most (413 above).")
    long maxBody = Limits.DEFAULT.maxBody();

    @Option(names = "--max-buffered-bodies",
            description = "Bytes all request bodies being buffered may hold together; a body that does not fit"
                    + " gets 503 and a close. Default: a quarter of the heap, here ${DEFAULT-VALUE}.")
    long maxBufferedBodies = ServerOptions.defaultMaxBufferedBodies();

    @Option(names = "--max-buffer-memory",
            description = "Bytes of I/O buffers that may exist (a quarter for 4 KiB head buffers, the rest for"
                    + " 32 KiB ones); a connection that needs one when none is left gets 503 and a close."
                    + " Default: a quarter of the heap, here ${DEFAULT-VALUE}.")
    long maxBufferMemory = ServerOptions.defaultMaxBufferMemory();

    @Option(names = "--max-blocking",
            description = "Blocking handlers that may run at once, each on a virtual thread; beyond it 503.")
    int maxBlocking = DEFAULTS.maxBlocking();

    @Option(names = "--slow-handler-warning",
            description = "Milliseconds a worker may stay in one event before a warning with its stack; 0: off.")
    long slowHandlerMillis = DEFAULTS.slowHandlerWarning().toMillis();

    @Option(names = "--shutdown-timeout", description = "Seconds to let requests in flight finish on stop"
            + " (after the drain delay).")
    int shutdownSeconds = 10;

    @Option(names = "--drain-delay", paramLabel = "SECONDS",
            description = "On SIGTERM or Ctrl-C: /readyz answers 503 at once, and the server keeps serving for"
                    + " this long (so a load balancer stops sending it connections) before it stops accepting;"
                    + " 0: stop at once. A second SIGTERM or Ctrl-C stops at once with exit status 1.")
    int drainSeconds = 5;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Serve /livez, /readyz and /metrics on this port (0 picks a free one, logged); the"
                    + " main port serves only the application. Off by default.")
    Integer adminPort;

    @Option(names = "--admin-host", paramLabel = "ADDR", description = "Address the admin port listens on.")
    String adminHost = AdminServer.DEFAULT_HOST;

    @Option(names = "--access-log", paramLabel = "PATH|-",
            description = "Log every response to this file (appended; reopened on SIGHUP) or '-' for standard"
                    + " output: nginx's combined format plus the request time in seconds. Off by default.")
    String accessLogPath;

    @Option(names = "--access-log-format", paramLabel = "FORMAT",
            description = "combined, or json (one object per line, for log shippers).")
    String accessLogFormat = "combined";

    @Option(names = "--access-log-exclude", paramLabel = "PATH",
            description = "A path of the main port not to log, matched exactly as sent (e.g. an application health path);"
                    + " repeatable. The admin port is never logged.")
    List<String> accessLogExcluded = new ArrayList<>();

    @Option(names = "--header-timeout",
            description = "Seconds for a whole request head, from its first byte or the previous response (408).")
    int headerSeconds = (int) Timeouts.DEFAULT.header().toSeconds();

    @Option(names = "--body-timeout", description = "Seconds between two reads of a request body (408).")
    int bodySeconds = (int) Timeouts.DEFAULT.body().toSeconds();

    @Option(names = "--keep-alive-timeout", description = "Seconds an idle keep-alive connection is kept.")
    int keepAliveSeconds = (int) Timeouts.DEFAULT.keepAlive().toSeconds();

    @Option(names = "--write-timeout", description = "Seconds a client may leave its response unread.")
    int writeSeconds = (int) Timeouts.DEFAULT.write().toSeconds();

    @Option(names = "--handler-timeout",
            description = "Seconds a deferred response may stay uncompleted; then 503 and a close.")
    int handlerSeconds = (int) DEFAULTS.handlerTimeout().toSeconds();

    @Option(names = "--output-bound",
            description = "Bytes of a streamed response body a connection holds at most (read only as the client"
                    + " takes it).")
    int outputBound = DEFAULTS.outputBound();

    @Option(names = "--root", paramLabel = "DIR",
            description = "Serve the files under DIR (GET and HEAD); without it, the Hello, World! application.")
    Path root;

    @Option(names = "--index", paramLabel = "FILE", description = "File served for a directory (with --root).")
    String index = FILE_DEFAULTS.index();

    @Option(names = "--list-dirs",
            description = "An HTML listing for a directory without its index file (otherwise 404).")
    boolean listDirs = FILE_DEFAULTS.listDirs();

    @Option(names = "--cache-control", paramLabel = "VALUE",
            description = "Cache-Control value sent with every file, e.g. 'max-age=3600'; none by default.")
    String cacheControl = FILE_DEFAULTS.cacheControl();

    @Option(names = "--follow-symlinks",
            description = "Serve symlinks that resolve outside the root (otherwise 404).")
    boolean followSymlinks = FILE_DEFAULTS.followSymlinks();

    @Option(names = "--spa", paramLabel = "FILE",
            description = "Single-page application: paths that match no file get this file (relative to the root).")
    String spa = FILE_DEFAULTS.spa();

    @Option(names = "--open-file-cache", paramLabel = "N",
            description = "Files kept open with their metadata and headers (checked again each second); 0: open"
                    + " and close per request.")
    int openFileCache = FILE_DEFAULTS.openFileCache();

    /**
     * For the streaming benchmark (scripts/stream-bench.sh): GET /stream sends this file, streamed. Hidden:
     * a measuring aid, not a way to serve files.
     */
    @Option(names = "--stream-file", hidden = true)
    java.nio.file.Path streamFile;


    @Override
    public Integer call() throws Exception {
        Logging.setLevel(logLevel);
        ServerOptions options;
        AccessLogOptions logOptions;
        try {
            options = new ServerOptions().host(host).port(port).workers(workers).backlog(backlog).io(io)
                    .reusePort(reusePort)
                    .maxConnections(maxConnections)
                    .limits(new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody))
                    .maxBufferedBodies(maxBufferedBodies)
                    .maxBufferMemory(maxBufferMemory)
                    .maxBlocking(maxBlocking)
                    .slowHandlerWarning(Duration.ofMillis(slowHandlerMillis))
                    .shutdownTimeout(Duration.ofSeconds(shutdownSeconds))
                    .handlerTimeout(Duration.ofSeconds(handlerSeconds))
                    .outputBound(outputBound)
                    .timeouts(new Timeouts(Duration.ofSeconds(headerSeconds), Duration.ofSeconds(bodySeconds),
                            Duration.ofSeconds(keepAliveSeconds), Duration.ofSeconds(writeSeconds)))
                    .measureBusyTime(adminPort != null); // for /metrics: a clock read per event, only then
            if (drainSeconds < 0) {
                throw new IllegalArgumentException("--drain-delay must not be negative, got " + drainSeconds);
            }
            if (adminPort != null && (adminPort < 0 || adminPort > 65535)) {
                throw new IllegalArgumentException("--admin-port must be 0..65535, got " + adminPort);
            }
            logOptions = accessLogOptions();
        } catch (IllegalArgumentException e) {
            System.err.println("skep serve: " + e.getMessage());
            return 2;
        }
        StaticFiles files = null;
        if (root != null) {
            StaticFilesOptions fileOptions;
            try {
                fileOptions = new StaticFilesOptions(root, index, listDirs, cacheControl, followSymlinks, spa,
                        openFileCache);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("skep serve: " + e.getMessage());
                return 2;
            }
            try {
                files = new StaticFiles(fileOptions);
            } catch (NoSuchFileException e) {
                spec.commandLine().getErr().println("skep serve: --root " + root + ": no such directory");
                return 2;
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("skep serve: --root " + root + ": " + e.getMessage());
                return 2;
            }
        }
        Handler app = files != null ? files : streamFile != null ? StreamFileApp.of(streamFile) : HelloRoutes.create();
        Observers observers;
        try {
            observers = new Observers(adminPort != null, options.workers(), logOptions);
        } catch (IOException e) {
            spec.commandLine().getErr().println("skep serve: --access-log " + accessLogPath + ": " + e.getMessage());
            closeQuietly(files);
            return 2;
        }
        observers.attachTo(options);
        Readiness readiness = new Readiness();
        // The signal handlers go in before the server starts: a TERM, INT or HUP during start-up would
        // otherwise end the JVM (143/130/129). The drain reaches the server (and the admin server) through
        // holders; a stop requested before they exist is honoured once they do.
        AtomicReference<HttpServer> started = new AtomicReference<>();
        AtomicReference<AdminServer> startedAdmin = new AtomicReference<>();
        Drain drain = new Drain(readiness, Duration.ofSeconds(drainSeconds), () -> {
            HttpServer s = started.get();
            if (s != null) {
                s.drain();
            }
        }, () -> {
            log.info("Stopping: no new connections; waiting up to {}s for requests in flight", shutdownSeconds);
            started.get().stop(); // run() only returns here once the server is set (see below)
        }, () -> {
            AdminServer a = startedAdmin.get();
            if (a != null) {
                a.close();
            }
        }, System::exit);
        Signals.onTermination(drain::requestStop);
        Signals.onHangup(observers::reopenAccessLog);
        HttpServer server;
        try {
            server = HttpServer.start(options, app);
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("skep serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            closeQuietly(files);
            closeQuietly(observers);
            return 1;
        }
        started.set(server);
        if (drain.requested()) { // a stop asked for during start-up found no server to tell
            server.drain();
        }
        if (adminPort != null) {
            try {
                startedAdmin.set(AdminServer.start(adminHost, adminPort, io, readiness, observers.metricsHandler(server)));
            } catch (IOException | UnsupportedOperationException e) {
                System.err.println("skep serve: cannot listen on " + adminHost + ":" + adminPort + " (--admin-port): "
                        + e.getMessage());
                server.stop();
                closeQuietly(files);
                closeQuietly(observers);
                return 1;
            }
        }
        AdminServer admin = startedAdmin.get();
        readiness.ready();
        // Logged only now: whoever waits for these lines may signal or probe at once.
        log.info("Skep {} listening on http://{}:{}/ (io={}, workers={}, max-connections={}, JDK {})", Version.skep(),
                host, server.port(), server.backend(), server.workers(), maxConnections, Runtime.version());
        if (files != null) {
            log.info("Serving files from {} (index={}, list-dirs={}, spa={}, open-file-cache={})",
                    files.root(), index, listDirs, spa, openFileCache);
        }
        if (admin != null) {
            log.info("Admin on http://{}:{}/ (/metrics, /livez, /readyz)", adminHost, admin.port());
        }
        int status = drain.run();
        closeQuietly(files);
        closeQuietly(observers); // after the stop: every response has been queued for it
        log.info("Stopped");
        return status;
    }

    /** The access log's options from the command line; null without --access-log. */
    private AccessLogOptions accessLogOptions() {
        AccessLogFormat format = switch (accessLogFormat) {
            case "combined" -> AccessLogFormat.COMBINED;
            case "json" -> AccessLogFormat.JSON;
            default -> throw new IllegalArgumentException(
                    "--access-log-format must be combined or json, got " + accessLogFormat);
        };
        if (accessLogPath == null) {
            if (!accessLogExcluded.isEmpty() || !"combined".equals(accessLogFormat)) {
                throw new IllegalArgumentException("--access-log-format and --access-log-exclude need --access-log");
            }
            return null;
        }
        AccessLogOptions logOptions = new AccessLogOptions().format(format);
        if (accessLogPath.equals("-")) {
            logOptions.standardOutput();
        } else {
            logOptions.file(Path.of(accessLogPath));
        }
        accessLogExcluded.forEach(logOptions::exclude);
        return logOptions;
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Closing {} failed", resource, e);
        }
    }
}
