package route;

import http.Request;
import http.Response;

/** The rest of a filter chain: the next filters, then the route's handler (or the router's answer). */
@FunctionalInterface
public interface Chain {
    /** Runs the rest of the chain on {@code request}. */
    void next(Request request, Response response) throws Exception;
}
