package route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import http.Handler;
import http.ParsedRequests;
import http.Request;
import http.Response;

/** The matching rules, without sockets: each case selects and runs the handler for a parsed request. */
class RouterTest {

    /** A handler that answers with its name and the parameters it sees, into {@link #seen}. */
    private final List<String> seen = new ArrayList<>();

    private Handler named(String name, String... params) {
        return (request, response) -> {
            StringBuilder s = new StringBuilder(name);
            for (String p : params) {
                s.append(' ').append(p).append('=').append(request.param(p));
            }
            seen.add(s.toString());
        };
    }

    /** The name (and params) of the handler that ran, or the status of the router's own answer. */
    private String answer(Router router, String method, String target) throws Exception {
        seen.clear();
        Request request = ParsedRequests.of(method, target, "");
        Response response = new Response();
        router.select(request).handle(request, response);
        return seen.isEmpty() ? String.valueOf(response.status()) : seen.getFirst();
    }

    private Router users(boolean reversed) {
        Router router = new Router();
        List<Runnable> registrations = new ArrayList<>(List.of(
                () -> router.get("/users/me", named("me")),
                () -> router.get("/users/{id}", named("id", "id")),
                () -> router.get("/users/{id}/posts", named("posts", "id")),
                () -> router.get("/users/{rest...}", named("tail", "rest"))));
        if (reversed) {
            registrations = registrations.reversed();
        }
        registrations.forEach(Runnable::run);
        return router;
    }

    @Test
    void theMostSpecificRouteWinsInEitherRegistrationOrder() throws Exception {
        for (boolean reversed : new boolean[] {false, true}) {
            Router router = users(reversed);
            String order = reversed ? "reversed" : "forward";
            assertEquals("me", answer(router, "GET", "/users/me"), order);
            assertEquals("id id=42", answer(router, "GET", "/users/42"), order);
            assertEquals("posts id=42", answer(router, "GET", "/users/42/posts"), order);
            // the literal "me" has no "posts" below it: back to the parameter branch
            assertEquals("posts id=me", answer(router, "GET", "/users/me/posts"), order);
            assertEquals("tail rest=42/posts/7", answer(router, "GET", "/users/42/posts/7"), order);
            assertEquals("tail rest=", answer(router, "GET", "/users/"), order); // {id} needs a non-empty segment
            assertEquals("404", answer(router, "GET", "/users"), order);
            assertEquals("404", answer(router, "GET", "/"), order);
        }
    }

    @Test
    void segmentsArePercentDecodedAfterSplittingSoAnEncodedSlashStaysInAParameter() throws Exception {
        Router router = new Router();
        router.get("/files/{name}", named("file", "name"));
        router.get("/caf\u00e9/{x}", named("cafe", "x"));
        assertEquals("file name=a/b", answer(router, "GET", "/files/a%2Fb"));
        assertEquals("404", answer(router, "GET", "/files/a/b"));
        assertEquals("file name=x y\u00e9", answer(router, "GET", "/files/x%20y%C3%A9"));
        assertEquals("file name=a+b", answer(router, "GET", "/files/a+b"), "+ is a plus in a path");
        assertEquals("file name=q", answer(router, "GET", "/%66iles/q?name=ignored"), "literals compare decoded");
        assertEquals("cafe x=1", answer(router, "GET", "/caf%C3%A9/1"));
        assertEquals("400", answer(router, "GET", "/files/a%zz"));
        assertEquals("400", answer(router, "GET", "/files/a%4"));
        assertEquals("400", answer(router, "GET", "/nothing/%"), "a bad escape is a 400 even where nothing matches");
    }

    @Test
    void aTailTakesTheRestOfThePathPossiblyEmptyButNotTheSlashBeforeIt() throws Exception {
        Router router = new Router();
        router.get("/static/{path...}", named("static", "path"));
        router.get("/{all...}", named("all", "all"));
        assertEquals("static path=css/a b.css", answer(router, "GET", "/static/css/a%20b.css"));
        assertEquals("static path=", answer(router, "GET", "/static/"));
        assertEquals("all all=static", answer(router, "GET", "/static"));
        assertEquals("all all=", answer(router, "GET", "/"));
        assertEquals("all all=x//y/", answer(router, "GET", "/x//y/"));
    }

    @Test
    void trailingSlashesMatchExactly() throws Exception {
        Router router = new Router();
        router.get("/a", named("a"));
        router.get("/b/", named("b/"));
        router.get("/", named("root"));
        assertEquals("a", answer(router, "GET", "/a"));
        assertEquals("404", answer(router, "GET", "/a/"));
        assertEquals("b/", answer(router, "GET", "/b/"));
        assertEquals("404", answer(router, "GET", "/b"));
        assertEquals("root", answer(router, "GET", "/"));
        assertEquals("root", answer(router, "GET", "http://t"), "absolute-form without a path is /");
        assertEquals("404", answer(router, "GET", "//"));
    }

    @Test
    void theSameShapeAndMethodTwiceIsAnErrorWhateverTheParameterNames() {
        Router router = new Router();
        router.get("/a/{x}", named("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> router.get("/a/{y}", named("y")));
        assertTrue(e.getMessage().contains("/a/{x}"), e.getMessage());
        router.post("/a/{y}", named("post")); // another method: fine
        router.get("/a/{x...}", named("tail")); // another shape: fine
        router.get("/a/b", named("literal"));
        assertThrows(IllegalArgumentException.class, () -> router.group("/a").get("/b", named("again")));
        assertThrows(IllegalArgumentException.class, () -> router.route("GET", "/a/b", named("again")));
    }

    @Test
    void malformedPatternsAreRefused() {
        Router router = new Router();
        Handler h = named("h");
        for (String bad : new String[] {"", "a", "a/b", "/{}", "/{...}", "/{a...}/b", "/x{a}", "/{a}x", "/{a}/{a}",
                "/{a{b}}"}) {
            assertThrows(IllegalArgumentException.class, () -> router.get(bad, h), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> router.get(null, h));
        assertThrows(IllegalArgumentException.class, () -> router.route("", "/x", h));
        assertThrows(IllegalArgumentException.class, () -> router.route("G T", "/x", h));
        assertThrows(IllegalArgumentException.class, () -> router.group("/api/"));
        assertThrows(IllegalArgumentException.class, () -> router.group("api"));
        assertThrows(IllegalArgumentException.class, () -> router.group("/api").get("x", h));
    }

    @Test
    void methodsHeadAndOptions() throws Exception {
        Router router = new Router();
        router.get("/r", named("get"));
        router.delete("/r", named("delete"));
        router.options("/o", named("own options"));
        router.route("PROPFIND", "/r", named("propfind"));
        assertEquals("get", answer(router, "HEAD", "/r"), "HEAD runs the GET route");
        assertEquals("delete", answer(router, "DELETE", "/r"));
        assertEquals("propfind", answer(router, "PROPFIND", "/r"));
        assertEquals("405", answer(router, "POST", "/r"));
        assertEquals("204", answer(router, "OPTIONS", "/r"));
        assertEquals("own options", answer(router, "OPTIONS", "/o"));
        assertEquals("404", answer(router, "OPTIONS", "/nothing"));
    }

    @Test
    void methodAndPathMatchTogetherSoALessSpecificPathWithTheMethodWins() throws Exception {
        for (boolean reversed : new boolean[] {false, true}) {
            Router router = new Router();
            List<Runnable> registrations = new ArrayList<>(List.of(
                    () -> router.get("/users/me", named("me")),
                    () -> router.post("/users/{id}", named("post", "id")),
                    () -> router.delete("/users/{rest...}", named("delete tail", "rest"))));
            if (reversed) {
                registrations = registrations.reversed();
            }
            registrations.forEach(Runnable::run);
            String order = reversed ? "reversed" : "forward";
            assertEquals("me", answer(router, "GET", "/users/me"), order);
            assertEquals("post id=me", answer(router, "POST", "/users/me"), order);
            assertEquals("delete tail rest=me", answer(router, "DELETE", "/users/me"), order);
            assertEquals("405", answer(router, "PUT", "/users/me"), order);
            assertEquals("204", answer(router, "OPTIONS", "/users/me"), order);
        }
    }

    @Test
    void theRequestKnowsTheRouteTemplateAndItsParameters() throws Exception {
        Router router = new Router();
        router.group("/api").group("/v1").get("/users/{id}", (request, response) -> {
            seen.add(request.route() + " " + request.param("id") + " " + request.param("other"));
        });
        assertEquals("/api/v1/users/{id} 7 null", answer(router, "GET", "/api/v1/users/7"));
        Request request = ParsedRequests.of("GET", "/api/v1/nothing", "");
        router.select(request).handle(request, new Response());
        assertNull(request.route(), "no route matched");
        Request notAllowed = ParsedRequests.of("PUT", "/api/v1/users/7", "");
        router.select(notAllowed);
        assertEquals("/api/v1/users/{id}", notAllowed.route(), "the path's template, for logs of 405s");
        assertNull(notAllowed.param("id"));
    }

    @Test
    void groupsTakeTheirPrefixAndAnEmptyPatternIsThePrefixItself() throws Exception {
        Router router = new Router();
        RouteGroup api = router.group("/api");
        api.get("", named("api"));
        api.get("/", named("api/"));
        api.get("/x", named("x"));
        assertEquals("api", answer(router, "GET", "/api"));
        assertEquals("api/", answer(router, "GET", "/api/"));
        assertEquals("x", answer(router, "GET", "/api/x"));
        assertEquals("404", answer(router, "GET", "/x"));
        assertEquals("/api", api.prefix());
    }

    @Test
    void filtersRunGlobalFirstThenGroupsOutermostFirstAndGlobalOnesAlsoAroundTheRoutersAnswers() throws Exception {
        Router router = new Router();
        List<String> order = new ArrayList<>();
        router.filter((request, response, chain) -> {
            order.add("global");
            chain.next(request, response);
        });
        RouteGroup api = router.group("/api").filter((request, response, chain) -> {
            order.add("api");
            chain.next(request, response);
        });
        api.group("/v1").filter((request, response, chain) -> {
            order.add("v1");
            chain.next(request, response);
        }).get("/x", (request, response) -> order.add("handler"));
        router.get("/plain", (request, response) -> order.add("plain"));
        router.group("/stop").filter((request, response, chain) -> order.add("stopped")).get("/x", named("never"));

        answer(router, "GET", "/api/v1/x");
        assertEquals(List.of("global", "api", "v1", "handler"), order);
        order.clear();
        answer(router, "GET", "/plain");
        assertEquals(List.of("global", "plain"), order, "group filters stay in their group");
        order.clear();
        assertEquals("404", answer(router, "GET", "/missing"));
        assertEquals("405", answer(router, "POST", "/plain"));
        assertEquals("204", answer(router, "OPTIONS", "/plain"));
        assertEquals(List.of("global", "global", "global"), order);
        order.clear();
        assertEquals("200", answer(router, "GET", "/stop/x"), "a filter may answer without going on");
        assertEquals(List.of("global", "stopped"), order);
    }

    @Test
    void blockingMarksTheSelectedHandlerAndRegistrationStopsOnceTheRouterServes() throws Exception {
        Router router = new Router();
        router.get("/slow", named("slow")).blocking();
        router.get("/fast", named("fast"));
        assertTrue(router.select(ParsedRequests.of("GET", "/slow", "")).blocking());
        assertFalse(router.select(ParsedRequests.of("GET", "/fast", "")).blocking());
        assertFalse(router.select(ParsedRequests.of("GET", "/none", "")).blocking());
        assertThrows(IllegalStateException.class, () -> router.get("/late", named("late")));
        assertThrows(IllegalStateException.class, () -> router.filter((request, response, chain) -> { }));
    }

    @Test
    void queryAndCookiesAreDecodedOnDemand() {
        Request request = ParsedRequests.of("GET", "/s?a=1&a=2&q=x+y%21&empty=&flag&&bad=%zz&%C3%A9=e",
                "Cookie: session=abc; theme=\"dark\"\r\nCookie: lang=fr\r\n");
        assertEquals("1", request.query("a"));
        assertEquals(List.of("1", "2"), request.queries("a"));
        assertEquals("x y!", request.query("q"));
        assertEquals("", request.query("empty"));
        assertEquals("", request.query("flag"));
        assertEquals("%zz", request.query("bad"), "a malformed escape is kept as sent");
        assertEquals("e", request.query("\u00e9"));
        assertNull(request.query("missing"));
        assertEquals(List.of(), request.queries("missing"));
        assertEquals("abc", request.cookie("session"));
        assertEquals("dark", request.cookie("theme"));
        assertEquals("fr", request.cookie("lang"));
        assertNull(request.cookie("missing"));
        Request none = ParsedRequests.of("GET", "/s", "");
        assertNull(none.query("a"));
        assertNull(none.cookie("a"));
    }
}
