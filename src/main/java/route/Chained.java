package route;

import http.Handler;
import http.Request;
import http.Response;

/**
 * What {@link Router#select} returns: a prebuilt chain (filters, then the handler or the router's own answer),
 * blocking when its route is.
 */
final class Chained implements Handler {
    private final Chain chain;
    private final Route route; // null for the router's own answers (404, 405, OPTIONS, 400)

    Chained(Chain chain, Route route) {
        this.chain = chain;
        this.route = route;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        chain.next(request, response);
    }

    @Override
    public boolean blocking() {
        return route != null && route.isBlocking();
    }
}
