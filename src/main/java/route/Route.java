package route;

import http.Handler;
import http.Request;

/**
 * One registered route: a method, a pattern and its handler, under the filters of its group. Returned by
 * the registration methods of {@link Router} and {@link RouteGroup}, so that it can be marked
 * {@link #blocking()}.
 */
public final class Route {
    private static final String[] NONE = new String[0];

    private final String method;
    private final Pattern pattern;
    private final Handler handler;
    private final RouteGroup group; // null: registered on the router itself
    private boolean blocking; // set before the router serves: its seal publishes it to the workers
    /** The filters and handler as one chain, built when the router seals. */
    Handler selected;

    Route(String method, Pattern pattern, Handler handler, RouteGroup group) {
        this.method = method;
        this.pattern = pattern;
        this.handler = handler;
        this.group = group;
    }

    /**
     * Marks this route blocking: its filters and handler run on a virtual thread of their own, where they
     * may block (a database, a file, another service) without holding a worker. See {@link Handler#blocking()}.
     * Mark it before the router serves its first request.
     *
     * @return this route
     */
    public Route blocking() {
        this.blocking = true;
        return this;
    }

    /** True when {@link #blocking()} was called. */
    public boolean isBlocking() {
        return blocking;
    }

    /** The method, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The whole pattern, group prefixes included, e.g. {@code /api/users/{id}}. */
    public String pattern() {
        return pattern.text;
    }

    Pattern parsed() {
        return pattern;
    }

    Handler handler() {
        return handler;
    }

    RouteGroup group() {
        return group;
    }

    /**
     * Records the match in the request: the template and, when there are parameters, their decoded values.
     * {@code [from, end)} is the raw path after its leading {@code /}, as it was matched.
     *
     * @return false when a value is not valid percent-encoding (the caller answers 400)
     */
    boolean record(Request request, int from, int end) {
        String[] names = pattern.names;
        if (names.length == 0) {
            request.routed(pattern.text, NONE, NONE); // nothing allocated for a route without parameters
            return true;
        }
        String[] values = new String[names.length];
        int[] positions = pattern.positions;
        int segment = 0;
        int start = from;
        for (int p = 0; p < positions.length; p++) {
            while (segment < positions[p]) {
                start = PathBytes.segmentEnd(request, start, end) + 1;
                segment++;
            }
            boolean tail = pattern.kinds[segment] == Pattern.TAIL;
            int stop = tail ? end : PathBytes.segmentEnd(request, start, end);
            values[p] = request.decodedPath(start, stop);
            if (values[p] == null) {
                return false;
            }
        }
        request.routed(pattern.text, names, values);
        return true;
    }
}
