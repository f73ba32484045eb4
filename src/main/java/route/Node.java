package route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import http.Handler;
import http.Request;

/**
 * One position in the segment tree: its children by literal segment, its parameter child, its tail child,
 * and the routes that end here (one per method). What a request needs of it is computed when the router
 * seals: the {@code Allow} value and the 405 and OPTIONS answers.
 */
final class Node {
    private static final byte[][] NO_KEYS = new byte[0][];
    private static final Node[] NO_NODES = new Node[0];

    byte[][] literalKeys = NO_KEYS;
    Node[] literals = NO_NODES;
    Node param;
    Node tail;
    final List<Route> routes = new ArrayList<>(2);

    // Set when the router seals.
    private Route[] byMethod;
    private Route get;
    Handler notAllowed;
    Handler options;

    boolean hasRoutes() {
        return !routes.isEmpty();
    }

    Node literalChild(byte[] key) {
        for (int i = 0; i < literalKeys.length; i++) {
            if (Arrays.equals(literalKeys[i], key)) {
                return literals[i];
            }
        }
        Node child = new Node();
        literalKeys = Arrays.copyOf(literalKeys, literalKeys.length + 1);
        literals = Arrays.copyOf(literals, literals.length + 1);
        literalKeys[literalKeys.length - 1] = key;
        literals[literals.length - 1] = child;
        return child;
    }

    void add(Route route) {
        for (Route existing : routes) {
            if (existing.method().equals(route.method())) {
                throw new IllegalArgumentException("route " + route.method() + " " + route.pattern()
                        + " has the same shape as " + existing.method() + " " + existing.pattern());
            }
        }
        routes.add(route);
    }

    /** The route for the request's method; HEAD falls back to GET. Null when none. */
    Route routeFor(Request request) {
        for (Route r : byMethod) {
            if (request.methodIs(r.method())) {
                return r;
            }
        }
        return get != null && request.methodIs("HEAD") ? get : null;
    }

    /** The template to report for answers that are not a route's (405, OPTIONS): the first registered. */
    String template() {
        return routes.getFirst().pattern();
    }

    /** Fixes what requests read: called once, under the router's lock, before the first request. */
    void seal(Function<Handler, Handler> filtered) {
        byMethod = routes.toArray(Route[]::new);
        TreeSet<String> methods = new TreeSet<>();
        for (Route r : byMethod) {
            methods.add(r.method());
            if (r.method().equals("GET")) {
                get = r;
                methods.add("HEAD");
            }
        }
        methods.add("OPTIONS");
        String allow = String.join(", ", methods);
        notAllowed = filtered.apply(Answer.methodNotAllowed(allow));
        options = filtered.apply(Answer.options(allow));
    }
}
