package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * A handler that blocks a worker without being marked blocking runs as before (on the worker), and the
 * watchdog logs a warning with the worker's stack once it has been in that event past the threshold; a
 * blocking handler that sleeps as long on its virtual thread causes none.
 */
class SlowHandlerWarningTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    private static List<String> capture(Runnable run) {
        Logger logger = (Logger) LoggerFactory.getLogger("events.SlowEventWatchdog");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            run.run();
        } finally {
            logger.detachAppender(appender);
        }
        List<String> messages = new ArrayList<>();
        synchronized (appender.list) {
            for (ILoggingEvent event : appender.list) {
                messages.add(event.getLevel() + " " + event.getFormattedMessage());
            }
        }
        return messages;
    }

    private static void request(IoMode io, Handler handler) {
        try (TestServer server = TestServer.start(io, handler, o -> o.slowHandlerWarning(Duration.ofMillis(200)));
             RawClient c = server.connect()) {
            assertEquals("slept", c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aWorkerStuckInAHandlerIsReportedWithItsStack(IoMode io) {
        List<String> logged = new ArrayList<>();
        logged.addAll(capture(() -> request(io, (req, res) -> {
            Thread.sleep(1_500); // 200 ms is the threshold; sampled every 250 ms
            res.body("slept");
        })));
        assertEquals(1, logged.size(), logged.toString());
        String warning = logged.getFirst();
        assertTrue(warning.startsWith("WARN Worker skep-worker-"), warning);
        assertTrue(warning.contains("java.lang.Thread.sleep"), "with the worker's stack: " + warning);
        assertTrue(warning.contains("SlowHandlerWarningTest"), "down to the handler: " + warning);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aBlockingHandlerThatSleepsCausesNoWarning(IoMode io) {
        List<String> logged = capture(() -> request(io, Blocking.of((req, res) -> {
            Thread.sleep(1_000);
            res.body("slept");
        })));
        assertTrue(logged.isEmpty(), logged.toString());
    }
}
