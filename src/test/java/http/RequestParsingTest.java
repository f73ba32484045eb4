package http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample request, fed whole, byte by byte and split at every position, gives the same result; every
 * bad input gives its status, however it is split.
 */
class RequestParsingTest {
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final String CHUNKED = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static final String CHUNKED_HEAD = "POST / HTTP/1.1 [Host=a] [Transfer-Encoding=chunked] cl=-1 chunked=true"
            + " keepAlive=true expect=false";

    static Stream<Arguments> goodRequests() {
        return Stream.of(
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                        "GET / HTTP/1.1 [Host=a] cl=-1 chunked=false keepAlive=true expect=false | rest=0"),
                Arguments.of("\r\nGET /x?y=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                        "GET /x?y=1 HTTP/1.0 [Connection=keep-alive] cl=-1 chunked=false keepAlive=true expect=false | rest=0"),
                Arguments.of("HEAD /a HTTP/1.0\r\n\r\n",
                        "HEAD /a HTTP/1.0 cl=-1 chunked=false keepAlive=false expect=false | rest=0"),
                Arguments.of("GET /p HTTP/1.1\r\nHost:  h \t\r\nX-Empty:\r\nX-Obs: caf\u00e9\r\n"
                                + "Connection: Keep-Alive, CLOSE\r\n\r\nGET",
                        "GET /p HTTP/1.1 [Host=h] [X-Empty=] [X-Obs=caf\u00e9] [Connection=Keep-Alive, CLOSE]"
                                + " cl=-1 chunked=false keepAlive=false expect=false | rest=3"),
                Arguments.of("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
                        "POST /echo HTTP/1.1 [Host=a] [Content-Length=5] cl=5 chunked=false keepAlive=true"
                                + " expect=false | body=hello | rest=0"),
                Arguments.of("PUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabcGET",
                        "PUT /u HTTP/1.1 [Host=a] [Expect=100-continue] [Content-Length=3] cl=3 chunked=false"
                                + " keepAlive=true expect=true | body=abc | rest=3"),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5;name=val\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n",
                        "POST / HTTP/1.1 [Host=a] [Transfer-Encoding=chunked] cl=-1 chunked=true keepAlive=true"
                                + " expect=false | body=hello, world!!! | rest=0"),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
                        "POST / HTTP/1.1 [Host=a] [Content-Length=0] cl=0 chunked=false keepAlive=true"
                                + " expect=false | rest=0"),
                // chunk extensions: BWS before ';' and around '=', token and quoted-string values; trailers
                Arguments.of(CHUNKED + "3 ;a = b\t;c=\"q\\\"x;\" ;d\r\nabc\r\n0;e\r\nX-T: v\r\nY:\r\n\r\n",
                        CHUNKED_HEAD + " | body=abc | rest=0"),
                // empty list elements are ignored (RFC 9110 section 5.6.1)
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , chunked ,\r\n\r\n0\r\n\r\n",
                        "POST / HTTP/1.1 [Host=a] [Transfer-Encoding=, chunked ,] cl=-1 chunked=true keepAlive=true"
                                + " expect=false | body= | rest=0"),
                // request-target forms
                Arguments.of("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                        "OPTIONS * HTTP/1.1 [Host=a] cl=-1 chunked=false keepAlive=true expect=false | rest=0"),
                Arguments.of("GET //a/b?c HTTP/1.1\r\nHost: a\r\n\r\n",
                        "GET //a/b?c HTTP/1.1 [Host=a] cl=-1 chunked=false keepAlive=true expect=false | rest=0"),
                // absolute-form: its authority replaces Host, the path is the path only
                Arguments.of("GET http://b.c:8/x/y?q=/z HTTP/1.1\r\nHost: other\r\n\r\n",
                        "GET http://b.c:8/x/y?q=/z HTTP/1.1 path=/x/y [Host=b.c:8] cl=-1 chunked=false"
                                + " keepAlive=true expect=false | rest=0"),
                Arguments.of("GET HTTPS://[::1]?q HTTP/1.1\r\nHost:\r\n\r\n",
                        "GET HTTPS://[::1]?q HTTP/1.1 path=/ [Host=[::1]] cl=-1 chunked=false"
                                + " keepAlive=true expect=false | rest=0"),
                Arguments.of("GET http://b HTTP/1.0\r\n\r\n",
                        "GET http://b HTTP/1.0 path=/ host=b cl=-1 chunked=false keepAlive=false expect=false | rest=0"),
                // Host values: IPv6 literal, empty (origin-form), empty port, percent-encoding
                Arguments.of("GET / HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\n\r\n",
                        "GET / HTTP/1.1 [Host=[2001:db8::1]:8080] cl=-1 chunked=false keepAlive=true expect=false | rest=0"),
                Arguments.of("GET / HTTP/1.1\r\nHost:\r\n\r\n",
                        "GET / HTTP/1.1 [Host=] cl=-1 chunked=false keepAlive=true expect=false | rest=0"),
                Arguments.of("GET / HTTP/1.0\r\nHost: a-b.c_d~%41:\r\n\r\n",
                        "GET / HTTP/1.0 [Host=a-b.c_d~%41:] cl=-1 chunked=false keepAlive=false expect=false | rest=0"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\nHost: a\n\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400),
                Arguments.of("G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET /\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                Arguments.of("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505),
                Arguments.of("GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / FOO/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET /\r\n\r\n", 400),
                Arguments.of("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
                Arguments.of("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n folded\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX\u0001: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n" + "X: y\r\n".repeat(100) + "\r\n", 431),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: " + "y".repeat(17000) + "\r\n\r\n", 431),
                Arguments.of("GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10485761\r\n\r\n", 413),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo\r\n\r\n", 501),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nExpect: tea\r\n\r\n", 417),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000000001\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nA00001\r\n", 413),
                // chunk-size line: only ';' extensions after the size, BWS only before ';' and around '='
                Arguments.of(CHUNKED + "1 x\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1 \r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1\t\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1x\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;;a\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a \r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a b\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a(b\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=b c\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=b \r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=@\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=\"b\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=\"b\"c\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=\"b\u0001\"\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "1;a=\"b\\\r\na\r\n0\r\n\r\n", 400),
                Arguments.of(CHUNKED + "0 x\r\n\r\n", 400),
                // trailer fields: field-name ":" field-value, no whitespace before the colon
                Arguments.of(CHUNKED + "0\r\nX-T : v\r\n\r\n", 400),
                Arguments.of(CHUNKED + "0\r\nX-T\r\n\r\n", 400),
                Arguments.of(CHUNKED + "0\r\nX-T v\r\n\r\n", 400),
                Arguments.of(CHUNKED + "0\r\nX(T): v\r\n\r\n", 400),
                Arguments.of(CHUNKED + "0\r\nX-T: v\r\n v\r\n\r\n", 400),
                // request-target forms
                Arguments.of("GET a HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET ?a HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET a:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("CONNECT a:80 HTTP/1.1\r\nHost: a:80\r\n\r\n", 501),
                Arguments.of("CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("CONNECT a HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("CONNECT u@a:80 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET http://u@a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET http:/a HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET http://a:8x/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET http://a/ HTTP/1.1\r\n\r\n", 400),
                // Host: one, and uri-host [ ":" port ]
                Arguments.of("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a?b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a,b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a:80:80\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a:-1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: ::1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: %4\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: caf\u00e9\r\n\r\n", 400),
                // Transfer-Encoding spellings
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;a=b\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked x\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity, chunked\r\n\r\n", 501),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", 501),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n", 400),
                // an HTTP/2 connection preface on this port
                Arguments.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505));
    }

    @ParameterizedTest
    @MethodSource("goodRequests")
    void parsesTheSameWhateverTheSplit(String request, String expected) {
        assertSplitsAgree(request, expected);
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void rejectsWithTheRightStatusWhateverTheSplit(String request, int status) {
        assertSplitsAgree(request, "error " + status);
    }

    private static void assertSplitsAgree(String request, String expected) {
        assertEquals(expected, Feed.parse(request, LIMITS), "fed whole");
        int[] every = new int[request.length() - 1];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        assertEquals(expected, Feed.parse(request, LIMITS, every), "fed byte by byte");
        if (request.length() > 2000) {
            return; // the byte-by-byte feed covers every position; pairs would be quadratic
        }
        for (int cut = 1; cut < request.length(); cut++) {
            assertEquals(expected, Feed.parse(request, LIMITS, cut), "split at " + cut);
        }
    }

    @Test
    void anOversizedHeadIsRejectedBeforeItEnds() {
        // Without an end of line in sight the limits still apply: the server need not buffer more.
        assertEquals("error 414", Feed.parse("GET /" + "a".repeat(9000), LIMITS));
        assertEquals("error 431", Feed.parse("GET / HTTP/1.1\r\nX: " + "a".repeat(17000), LIMITS));
    }

    @Test
    void limitsAreConfigurable() {
        Limits tight = new Limits(64, 64, 2, 4);
        assertEquals("error 414", Feed.parse("GET /" + "a".repeat(70) + " HTTP/1.1\r\nHost: a\r\n\r\n", tight));
        assertEquals("error 431", Feed.parse("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", tight));
        assertEquals("error 413", Feed.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", tight));
        assertTrue(Feed.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcd", tight)
                .endsWith("body=abcd | rest=0"));
    }
}
