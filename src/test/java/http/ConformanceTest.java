package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import support.Backends;
import support.RawClient;
import support.TestServer;

/**
 * RFC 9112 framing rules over raw sockets, one case per rule, on every backend. Each bad request comes
 * after a good one and before a smuggled one: the good one is answered, the bad one gets its status and
 * {@code Connection: close}, and nothing more is read: the smuggled request is never answered.
 */
class ConformanceTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
    private static final String POST = "POST / HTTP/1.1\r\nHost: t\r\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    record Rule(String name, String request, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Rule> rules() {
        return List.of(
                // message framing
                new Rule("Content-Length with Transfer-Encoding", POST + "Content-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                new Rule("Transfer-Encoding with Content-Length", POST + "Transfer-Encoding: chunked\r\n"
                        + "Content-Length: 5\r\n\r\n0\r\n\r\n", 400),
                new Rule("two Content-Length fields", POST + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
                new Rule("a Content-Length list", POST + "Content-Length: 3, 3\r\n\r\nabc", 400),
                new Rule("Content-Length not a number", POST + "Content-Length: 3x\r\n\r\nabc", 400),
                new Rule("Content-Length with a sign", POST + "Content-Length: +3\r\n\r\nabc", 400),
                new Rule("Content-Length negative", POST + "Content-Length: -1\r\n\r\n", 400),
                new Rule("Content-Length empty", POST + "Content-Length:\r\n\r\n", 400),
                new Rule("Transfer-Encoding not ending in chunked", POST + "Transfer-Encoding: chunked, gzip\r\n\r\n", 400),
                new Rule("Transfer-Encoding gzip alone", POST + "Transfer-Encoding: gzip\r\n\r\n", 400),
                new Rule("Transfer-Encoding unknown", POST + "Transfer-Encoding: br\r\n\r\n", 501),
                // field syntax
                new Rule("obsolete line folding", "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n 2\r\n\r\n", 400),
                new Rule("whitespace before the colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
                new Rule("tab before the colon", "GET / HTTP/1.1\r\nHost\t: t\r\n\r\n", 400),
                new Rule("invalid character in a field name", "GET / HTTP/1.1\r\nHost: t\r\nX(a): 1\r\n\r\n", 400),
                new Rule("empty field name", "GET / HTTP/1.1\r\nHost: t\r\n: 1\r\n\r\n", 400),
                new Rule("NUL in a field value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u0000b\r\n\r\n", 400),
                new Rule("control character in a field value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u0001b\r\n\r\n", 400),
                new Rule("DEL in a field value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\u007fb\r\n\r\n", 400),
                // line endings (bare LF is a 400 everywhere)
                new Rule("bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("bare CR in a field value", "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n", 400),
                new Rule("bare LF ending the request line", "GET / HTTP/1.1\nHost: t\r\n\r\n", 400),
                new Rule("bare LF ending a field", "GET / HTTP/1.1\r\nHost: t\n\r\n", 400),
                new Rule("bare LF ending the head", "GET / HTTP/1.1\r\nHost: t\r\n\n", 400),
                // request line
                new Rule("NUL in the request line", "GET /\u0000 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("control character in the target", "GET /a\u0001b HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("invalid character in the method", "G(T / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("two spaces in the request line", "GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("no version", "GET /\r\nHost: t\r\n\r\n", 400),
                new Rule("malformed version", "GET / HTTP/1.x\r\nHost: t\r\n\r\n", 400),
                new Rule("HTTP/2.0 on this port", "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
                // Host
                new Rule("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400),
                new Rule("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                // chunked bodies
                new Rule("chunk size not hex", CHUNKED + "zz\r\nab\r\n0\r\n\r\n", 400),
                new Rule("chunk size empty", CHUNKED + "\r\nab\r\n0\r\n\r\n", 400),
                new Rule("chunk size with a sign", CHUNKED + "+2\r\nab\r\n0\r\n\r\n", 400),
                new Rule("chunk size too long", CHUNKED + "00000000000000002\r\nab\r\n0\r\n\r\n", 400),
                new Rule("chunk size that overflows", CHUNKED + "FFFFFFFFFFFFFFFFF\r\n", 400),
                new Rule("chunk data longer than its size", CHUNKED + "2\r\nabc\r\n0\r\n\r\n", 400),
                new Rule("bare LF after a chunk size", CHUNKED + "2\nab\r\n0\r\n\r\n", 400),
                // limits
                new Rule("request line too long", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
                new Rule("header section too large", "GET / HTTP/1.1\r\nHost: t\r\nX-A: " + "v".repeat(20_000)
                        + "\r\n\r\n", 431),
                new Rule("too many fields", "GET / HTTP/1.1\r\nHost: t\r\n" + "X-A: 1\r\n".repeat(101) + "\r\n", 431),
                new Rule("body too large", POST + "Content-Length: 20000000\r\n\r\n", 413),
                new Rule("chunked body too large", CHUNKED + "1000000\r\n", 413),
                new Rule("unmet expectation", "GET / HTTP/1.1\r\nHost: t\r\nExpect: coffee\r\n\r\n", 417),
                // chunk-size lines (RFC 9112 section 7.1.1): only ';' extensions, BWS only before ';' and '='
                new Rule("junk after a chunk size", CHUNKED + "1 x\r\na\r\n0\r\n\r\n", 400),
                new Rule("whitespace after a chunk size", CHUNKED + "1 \r\na\r\n0\r\n\r\n", 400),
                new Rule("empty chunk extension name", CHUNKED + "1;\r\na\r\n0\r\n\r\n", 400),
                new Rule("chunk extension name not a token", CHUNKED + "1;a(b\r\na\r\n0\r\n\r\n", 400),
                new Rule("chunk extension value not a token", CHUNKED + "1;a=@\r\na\r\n0\r\n\r\n", 400),
                new Rule("whitespace ending a chunk extension", CHUNKED + "1;a=b \r\na\r\n0\r\n\r\n", 400),
                new Rule("unterminated quoted-string in a chunk extension",
                        CHUNKED + "1;a=\"b\r\na\r\n0\r\n\r\n", 400),
                // trailer fields (RFC 9112 section 7.1.2)
                new Rule("whitespace before a trailer field's colon", CHUNKED + "0\r\nX-T : v\r\n\r\n", 400),
                new Rule("trailer field without a colon", CHUNKED + "0\r\nX-T\r\n\r\n", 400),
                new Rule("trailer field name not a token", CHUNKED + "0\r\nX(T): v\r\n\r\n", 400),
                // request-target forms (RFC 9112 section 3.2)
                new Rule("origin-form not starting with a slash", "GET a HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("asterisk-form without OPTIONS", "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("authority-form without CONNECT", "GET t:80 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("CONNECT (no tunnels here)", "CONNECT t:80 HTTP/1.1\r\nHost: t:80\r\n\r\n", 501),
                new Rule("CONNECT with origin-form", "CONNECT / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("absolute-form with userinfo", "GET http://u@t/ HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("absolute-form without a host", "GET http:///x HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                new Rule("absolute-form of another scheme", "GET ftp://t/ HTTP/1.1\r\nHost: t\r\n\r\n", 400),
                // Host values (RFC 9112 section 3.2, RFC 9110 section 7.2, RFC 3986 section 3.2)
                new Rule("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                new Rule("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@t\r\n\r\n", 400),
                new Rule("Host with a path", "GET / HTTP/1.1\r\nHost: t/x\r\n\r\n", 400),
                new Rule("Host list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
                new Rule("whitespace inside Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                new Rule("Host port not digits", "GET / HTTP/1.1\r\nHost: t:8x\r\n\r\n", 400),
                new Rule("Host IPv6 literal unclosed", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
                // Transfer-Encoding spellings
                new Rule("Transfer-Encoding quoted", POST + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", 400),
                new Rule("parameters on chunked", POST + "Transfer-Encoding: chunked;x=1\r\n\r\n0\r\n\r\n", 400),
                new Rule("chunked twice in one field", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
                new Rule("Transfer-Encoding empty list", POST + "Transfer-Encoding: ,\r\n\r\n", 400),
                new Rule("identity before chunked", POST + "Transfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n", 501),
                // refused with more bytes pipelined behind it: one answer, nothing after it parsed
                new Rule("HTTP/2 connection preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505));
    }

    static List<Object[]> rulesOnEveryBackend() {
        List<Object[]> cases = new ArrayList<>();
        for (IoMode io : Backends.all()) {
            for (Rule rule : rules()) {
                cases.add(new Object[] {io, rule});
            }
        }
        return cases;
    }

    /** Every rule's request is a seed of the parser's fuzz corpus, byte for byte. */
    @Test
    void everyRuleIsAFuzzSeed() throws Exception {
        Path corpus = Path.of("src/test/resources/http/ParserFuzzTestInputs/anyInputGivesARequestOrAStatus");
        List<String> missing = new ArrayList<>();
        for (Rule rule : rules()) {
            Path seed = corpus.resolve(seedName(rule));
            byte[] request = rule.request().getBytes(StandardCharsets.ISO_8859_1);
            if (!Files.exists(seed) || !Arrays.equals(request, Files.readAllBytes(seed))) {
                missing.add(seed.getFileName().toString());
            }
        }
        assertEquals(List.of(), missing, "seeds missing or different in " + corpus);
    }

    /** {@code rule-} and the rule's name in lower case, words joined by dashes. */
    static String seedName(Rule rule) {
        return "rule-" + rule.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    static List<IoMode> backends() {
        return Backends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRefusedFirstRequestGetsOneAnswerThoughMoreIsPipelined(IoMode io) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + GET + GET);
            RawClient.Response r = c.read();
            assertEquals(505, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "nothing after the refused preface is answered");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void absoluteFormGivesTheHandlerItsPathAndItsAuthorityAsHost(IoMode io) throws Exception {
        Handler echo = (request, response) -> response.body(request.path() + " " + request.target() + " "
                + request.host() + " " + request.header("host"));
        try (TestServer server = TestServer.start(io, echo, o -> { }); RawClient c = server.connect()) {
            c.send("GET http://example.com:8080/a/b?q=/c HTTP/1.1\r\nHost: other\r\n\r\n");
            assertEquals("/a/b http://example.com:8080/a/b?q=/c example.com:8080 example.com:8080", c.read().text());
            c.send("GET HTTP://example.com?q HTTP/1.1\r\nHost: other\r\n\r\n");
            assertEquals("/ HTTP://example.com?q example.com example.com", c.read().text());
            c.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("* * t t", c.read().text());
            c.send("GET //x/y HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("//x/y //x/y t t", c.read().text(), "an origin-form path that looks like an authority");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rulesOnEveryBackend")
    void aBadRequestGetsItsStatusAndNothingAfterItIsRead(IoMode io, Rule rule) throws Exception {
        try (TestServer server = TestServer.start(io); RawClient c = server.connect()) {
            c.send(GET + rule.request() + SMUGGLED);
            assertEquals(200, c.read().status(), "the request before the bad one");
            RawClient.Response r = c.read();
            assertEquals(rule.status(), r.status(), rule.name());
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByServer(), "no response to the smuggled request: " + rule.name());
        }
    }
}
