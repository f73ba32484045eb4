package route;

import http.Handler;

/**
 * The registration methods shared by a {@link Router} and its {@link RouteGroup}s. Each returns the new
 * {@link Route}. A pattern is made of segments after a leading {@code /}: literal ({@code users}, compared
 * with the percent-decoded path segment), {@code {name}} (one non-empty segment) and, last only, a tail
 * {@code {name...}} (the rest of the path, possibly empty, without the {@code /} before it). Registering
 * a route whose shape (the pattern, parameter names aside) and method are taken, or a malformed pattern,
 * throws IllegalArgumentException; registering once the router serves throws IllegalStateException.
 */
public abstract sealed class Routes permits Router, RouteGroup {

    Routes() {
    }

    /** Registers {@code handler} for {@code method} (any token, e.g. {@code PROPFIND}) on {@code pattern}. */
    public abstract Route route(String method, String pattern, Handler handler);

    /** Routes under {@code prefix} (e.g. {@code /api}, no trailing slash), with filters of their own. */
    public abstract RouteGroup group(String prefix);

    /** Registers a GET route; HEAD requests run it too, unless a HEAD route of the same shape exists. */
    public Route get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    /** Registers a POST route. */
    public Route post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    /** Registers a PUT route. */
    public Route put(String pattern, Handler handler) {
        return route("PUT", pattern, handler);
    }

    /** Registers a DELETE route. */
    public Route delete(String pattern, Handler handler) {
        return route("DELETE", pattern, handler);
    }

    /** Registers a PATCH route. */
    public Route patch(String pattern, Handler handler) {
        return route("PATCH", pattern, handler);
    }

    /** Registers an OPTIONS route, which replaces the router's own 204 answer for that path. */
    public Route options(String pattern, Handler handler) {
        return route("OPTIONS", pattern, handler);
    }

    /** Checks a method name: a non-empty token (RFC 9110 section 9.1). */
    static String checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("a route needs a method");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            boolean token = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("bad method \"" + method + "\"");
            }
        }
        return method;
    }
}
