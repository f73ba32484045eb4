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
import org.junit.jupiter.api.Tag;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import http.Feed.Head;
import http.Feed.Outcome;

/**
 * Fuzzes the request parser, framing rules and body decoder, driven by {@link Feed} as a connection drives
 * them. Whatever the bytes and however they are split, the outcome is a request that obeys the rules, an
 * error status the server may send, or "need more input" while still within the limits: never another
 * exception, never a hang, and the very same outcome (method, target, path, host, version, every field,
 * Content-Length, chunked, keep-alive, Expect, the decoded body, the bytes left over) for every split.
 *
 * <p>The corpus is in {@code src/test/resources/http/ParserFuzzTestInputs/anyInputGivesARequestOrAStatus}:
 * sample requests to start from, every input of {@link ConformanceTest} (its test checks that), and every
 * input that once failed (Jazzer writes a {@code crash-*} file there when it finds one; keep it, fix the
 * bug). {@code mvn test}, and so {@code scripts/test.sh} and {@code .ci/run}, fuzzes: the pom's
 * {@code skep.fuzz} property (default 1) becomes {@code JAZZER_FUZZ} in this test's own JVM, and Jazzer
 * mutates the corpus, coverage-guided, for {@code maxDuration} (60 s). {@code -Dskep.fuzz=0} only replays
 * the corpus, in seconds. The test is tagged {@code fuzz} so that it runs in that JVM only, also under
 * {@code -Dtest=...}.
 */
@Tag("fuzz")
class ParserFuzzTest {
    /** Small limits, so that mutated input reaches them. */
    private static final Limits LIMITS = new Limits(64, 256, 8, 128);
    /** Every status the parser and framing may answer with. */
    private static final Set<Integer> STATUSES = Set.of(400, 413, 414, 417, 431, 501, 505);
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
            "FFFFFFFFFFFFFFFFFF", "\\x09", ": ", "CONNECT ", "OPTIONS * ", "http://", "https://", "[::1]:80", "@",
            ";a=\\\"b\\\"", " ;", "=", "\\\\", "X-T: v\\x0D\\x0A", "PRI * HTTP/2.0"})
    void anyInputGivesARequestOrAStatus(byte[] bytes) {
        String input = new String(bytes, StandardCharsets.ISO_8859_1);
        Outcome whole = parseBounded(input, new int[0]);
        checkRules(whole, input);
        // The same outcome byte by byte, and cut every n bytes for an n picked from the input.
        assertEquals(whole, parseBounded(input, cuts(input.length(), 1)), "fed byte by byte");
        int step = 2 + Math.floorMod(Arrays.hashCode(bytes), 30);
        assertEquals(whole, parseBounded(input, cuts(input.length(), step)), "cut every " + step + " bytes");
    }

    /** What must hold for any outcome, whatever the input. */
    private static void checkRules(Outcome outcome, String input) {
        if (outcome.status() != 0) {
            assertTrue(STATUSES.contains(outcome.status()), "unexpected status: " + outcome);
            return;
        }
        if (!outcome.isRequest()) {
            assertTrue(input.length() <= MOST_INCOMPLETE,
                    "still asking for input after " + input.length() + " bytes: a limit is not enforced");
            return;
        }
        Head h = outcome.head();
        assertTrue(h.version() == 10 || h.version() == 11, "version " + h.version());
        assertTrue(!h.method().isEmpty() && h.method().chars().allMatch(c -> Ascii.isToken((byte) c)), h.method());
        assertTrue(h.path().startsWith("/") || (h.path().equals("*") && h.method().equals("OPTIONS")),
                "path " + h.path() + " of " + h.target());
        assertTrue(!h.method().equals("CONNECT"), "CONNECT is never handled");
        assertTrue(h.fields().size() <= LIMITS.maxHeaders(), "fields: " + h.fields().size());
        long hosts = h.fields().stream().filter(f -> f.name().equalsIgnoreCase("host")).count();
        assertTrue(h.version() == 11 ? hosts == 1 : hosts <= 1, "Host fields: " + hosts);
        if (h.version() == 11) {
            assertTrue(h.host() != null, "an HTTP/1.1 request without a host");
        }
        if (h.chunked()) {
            assertTrue(h.version() == 11 && h.contentLength() == -1 && outcome.body() != null, outcome.toString());
        } else if (h.contentLength() > 0) {
            assertEquals(h.contentLength(), outcome.body() == null ? -1 : outcome.body().length(), "body length");
        } else {
            assertTrue(outcome.body() == null, "a body without framing: " + outcome);
        }
        if (outcome.body() != null) {
            assertTrue(outcome.body().length() <= LIMITS.maxBody(), "body over the limit");
        }
        assertTrue(!h.expectContinue() || h.version() == 11, "100-continue for HTTP/1.0");
        assertTrue(outcome.rest() >= 0 && outcome.rest() < input.length(), "rest " + outcome.rest());
    }

    /** Runs the parse on another thread, so that a hang fails the test instead of stalling the build. */
    private static Outcome parseBounded(String input, int[] cuts) {
        Future<Outcome> result = RUNNER.submit(() -> Feed.outcome(input, LIMITS, cuts));
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
