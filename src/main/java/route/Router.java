package route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import http.Handler;
import http.Request;
import http.Response;

/**
 * Chooses a handler by method and path. The most specific route wins whatever the order of registration:
 * segment by segment from the left, a literal beats a parameter, which beats a tail. The path is matched
 * raw, split at {@code /}, each segment then percent-decoded: {@code %2F} stays inside a parameter, and a
 * malformed escape gets 400. Trailing slashes match exactly: {@code /a/} is not {@code /a}.
 *
 * <p>Routes match by method and path together (as Go's ServeMux): with {@code GET /users/me} and
 * {@code POST /users/{id}}, a {@code POST /users/me} reaches the parameter route. No path matches: 404. A
 * path matches but no route for the method: 405 with {@code Allow} (the most specific such path's methods,
 * sorted, with HEAD where GET is and OPTIONS). HEAD runs the GET route (the server sends its headers and
 * {@code Content-Length} without the body). OPTIONS without a route of its own: 204 with {@code Allow}.
 * Global {@linkplain #filter filters} run around all of these answers too.
 *
 * <p>Routes and filters are registered first; the filter chains are built when the router serves its first
 * request, after which registering throws IllegalStateException. Matching a route without parameters
 * allocates nothing.
 */
public final class Router extends Routes implements Handler {
    private static final String[] NO_NAMES = new String[0];

    private final SegmentTree tree = new SegmentTree();
    private final List<Route> routes = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private volatile boolean sealed;
    private Handler notFound;
    private Handler badRequest;
    private Handler serverOptions; // "OPTIONS *": 204 with every method the router answers

    /** An empty router: every request gets 404 until routes are added. */
    public Router() {
    }

    /** Adds a filter around every request this router answers, 404, 405 and OPTIONS answers included. */
    public Router filter(Filter filter) {
        synchronized (this) {
            beforeSeal();
            filters.add(Objects.requireNonNull(filter, "filter"));
        }
        return this;
    }

    @Override
    public Route route(String method, String pattern, Handler handler) {
        return add(method, pattern, handler, null);
    }

    @Override
    public RouteGroup group(String prefix) {
        return new RouteGroup(this, null, prefix);
    }

    synchronized Route add(String method, String pattern, Handler handler, RouteGroup group) {
        beforeSeal();
        Route route = new Route(checkMethod(method), Pattern.parse(pattern),
                Objects.requireNonNull(handler, "handler"), group);
        tree.add(route);
        routes.add(route);
        return route;
    }

    void beforeSeal() {
        if (sealed) {
            throw new IllegalStateException("the router already serves: register routes and filters first");
        }
    }

    /**
     * The handler for {@code request}: the matched route's filters and handler as one prebuilt chain, or the
     * router's own answer (404, 405, OPTIONS, 400) inside the global filters. Records the route template and
     * path parameters in the request ({@link Request#route()}, {@link Request#param(String)}).
     */
    @Override
    public Handler select(Request request) {
        if (!sealed) {
            seal();
        }
        int length = request.rawPathLength();
        int from;
        if (length == 0) {
            from = 0; // an absolute-form target without a path: the path is "/"
        } else if (request.rawPathByte(0) != '/') {
            return serverOptions; // "OPTIONS *" (the only target without a leading "/"): the server as a whole
        } else if (!PathBytes.escapesValid(request, length)) {
            return badRequest;
        } else {
            from = 1;
        }
        Node node = tree.match(request, from, length, true);
        if (node == null) {
            node = tree.match(request, from, length, false); // no route for the method: is there one at all?
            if (node == null) {
                return notFound;
            }
            request.routed(node.template(), NO_NAMES, NO_NAMES);
            return request.methodIs("OPTIONS") ? node.options : node.notAllowed;
        }
        Route route = node.routeFor(request);
        if (!route.record(request, from, length)) {
            return badRequest;
        }
        return route.selected;
    }

    /** For direct use (e.g. in a test): {@code select(request).handle(request, response)}. */
    @Override
    public void handle(Request request, Response response) throws Exception {
        select(request).handle(request, response);
    }

    /** Builds every chain once, before the first request is answered. */
    private synchronized void seal() {
        if (sealed) {
            return;
        }
        notFound = global(Answer.notFound());
        badRequest = global(Answer.badRequest());
        TreeSet<String> methods = new TreeSet<>(List.of("OPTIONS"));
        for (Route route : routes) {
            methods.add(route.method());
            if (route.method().equals("GET")) {
                methods.add("HEAD");
            }
        }
        serverOptions = global(Answer.options(String.join(", ", methods)));
        tree.forEachRouted(node -> node.seal(this::global));
        for (Route route : routes) {
            List<Filter> chain = new ArrayList<>(filters);
            if (route.group() != null) {
                route.group().collectFilters(chain);
            }
            route.selected = new Chained(Links.around(chain, route.handler()), route);
        }
        sealed = true;
    }

    private Handler global(Handler answer) {
        return new Chained(Links.around(filters, answer), null);
    }
}
