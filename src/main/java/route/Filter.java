package route;

import http.Request;
import http.Response;

/**
 * Code around handlers: an access log, CORS, authentication. A filter calls {@code chain.next(request,
 * response)} to go on to the next filter and finally the handler, or answers itself and does not. Filters
 * added with {@link Router#filter} run for every request, the 404, 405 and OPTIONS answers included;
 * filters of a {@link RouteGroup} run for that group's routes only. They run in the order they were added,
 * global ones first. The chain is built once, when the router serves its first request.
 */
@FunctionalInterface
public interface Filter {
    /** Handles {@code request} around the rest of the chain; an exception becomes a 500, as in a handler. */
    void filter(Request request, Response response, Chain chain) throws Exception;
}
