package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the request parser, framing rules and body decoder, driven by {@link Feed} as a connection drives
 * them. Whatever the bytes and however they are split, the outcome is a request, an error status, or "need
 * more input" while still within the limits: never another exception, never a hang, never a different
 * answer for a different split.
 *
 * <p>The corpus is in {@code src/test/resources/http/ParserFuzzTestInputs/anyInputGivesARequestOrAStatus}:
 * sample requests to start from, and every input that once failed (Jazzer writes a {@code crash-*} file
 * there when it finds one; keep it, fix the bug). A plain test run replays the corpus; {@code .ci/run}
 * sets {@code JAZZER_FUZZ=1} so that Jazzer also mutates it, coverage-guided, for {@code maxDuration}.
 */
class ParserFuzzTest {
    /** Small limits, so that mutated input reaches them. */
    private static final Limits LIMITS = new Limits(64, 256, 8, 128);
    private static final Set<String> STATUSES = Set.of("400", "413", "414", "417", "431", "501", "505");
    /** Input still incomplete must fit a head and a body whose chunk lines are bounded too. */
    private static final int MOST_INCOMPLETE = LIMITS.maxHead() + (int) LIMITS.maxBody() * (LIMITS.maxHeaderBytes() + 4)
            + LIMITS.maxHeaderBytes();

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-parse");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stopRunner() {
        RUNNER.shutdownNow();
    }

    @FuzzTest(maxDuration = "60s")
    // libFuzzer dictionary syntax: a byte that is not printable is written \\xNN.
    @DictionaryEntries({"\\x0D\\x0A", "\\x0D\\x0A\\x0D\\x0A", " HTTP/1.1\\x0D\\x0A", " HTTP/1.0", "GET ", "POST ",
            "Host: a\\x0D\\x0A", "Content-Length: ", "Transfer-Encoding: ", "chunked", "gzip, chunked",
            "Expect: 100-continue", "Connection: close", "keep-alive", "0\\x0D\\x0A\\x0D\\x0A", ";ext=1",
            "FFFFFFFFFFFFFFFFFF", "\\x09", ": "})
    void anyInputGivesARequestOrAStatus(byte[] bytes) {
        String input = new String(bytes, StandardCharsets.ISO_8859_1);
        String whole = parseBounded(input, new int[0]);
        if (whole.matches("error \\d{3}")) {
            assertTrue(STATUSES.contains(whole.substring(6)), "unexpected status: " + whole);
        } else if (whole.equals("incomplete")) {
            assertTrue(input.length() <= MOST_INCOMPLETE,
                    "still asking for input after " + input.length() + " bytes: a limit is not enforced");
        } else {
            assertTrue(whole.contains(" HTTP/1."), "not a request: " + whole);
        }
        // The same outcome byte by byte, and cut every n bytes for an n picked from the input.
        assertEquals(whole, parseBounded(input, cuts(input.length(), 1)), "fed byte by byte");
        int step = 2 + Math.floorMod(Arrays.hashCode(bytes), 30);
        assertEquals(whole, parseBounded(input, cuts(input.length(), step)), "cut every " + step + " bytes");
    }

    /** Runs the parse on another thread, so that a hang fails the test instead of stalling the build. */
    private static String parseBounded(String input, int[] cuts) {
        Future<String> result = RUNNER.submit(() -> Feed.parse(input, LIMITS, cuts));
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return fail("parser did not finish in 5 s");
        } catch (ExecutionException e) {
            throw new AssertionError("parser threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int[] cuts(int length, int step) {
        int n = Math.max(0, (length - 1) / step);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = (i + 1) * step;
        }
        return cuts;
    }
}
