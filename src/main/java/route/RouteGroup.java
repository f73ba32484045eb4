package route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import http.Handler;

/**
 * Routes under a common prefix, with filters of their own that run (after the router's global filters, and
 * after those of enclosing groups) for these routes only. In a group, the pattern {@code ""} is the prefix
 * itself and {@code "/"} the prefix with a trailing slash. Groups nest: {@code group("/api").group("/v1")}.
 */
public final class RouteGroup extends Routes {
    private final Router router;
    private final RouteGroup parent;
    private final String prefix;
    private final List<Filter> filters = new ArrayList<>();

    RouteGroup(Router router, RouteGroup parent, String prefix) {
        if (prefix == null || !prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a group prefix starts with '/' and does not end with one: \""
                    + prefix + "\"");
        }
        Pattern.parse(prefix); // fails early on a malformed prefix
        this.router = router;
        this.parent = parent;
        this.prefix = parent == null ? prefix : parent.prefix + prefix;
    }

    /** Adds a filter around this group's routes (and those of groups inside it). */
    public RouteGroup filter(Filter filter) {
        synchronized (router) {
            router.beforeSeal();
            filters.add(Objects.requireNonNull(filter, "filter"));
        }
        return this;
    }

    @Override
    public Route route(String method, String pattern, Handler handler) {
        if (pattern == null || !pattern.isEmpty() && !pattern.startsWith("/")) {
            throw new IllegalArgumentException("bad route pattern \"" + pattern + "\": must start with '/'");
        }
        return router.add(method, prefix + pattern, handler, this);
    }

    @Override
    public RouteGroup group(String prefix) {
        return new RouteGroup(router, this, prefix);
    }

    /** The prefix, those of enclosing groups included. */
    public String prefix() {
        return prefix;
    }

    /** Adds this group's filters, outermost group first, to {@code into}. */
    void collectFilters(List<Filter> into) {
        if (parent != null) {
            parent.collectFilters(into);
        }
        into.addAll(filters);
    }
}
