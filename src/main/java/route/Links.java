package route;

import java.util.List;

import http.Handler;
import http.Request;
import http.Response;

/** The links of a prebuilt chain: nothing is allocated when a request goes through it. */
final class Links {
    private Links() {
    }

    /** {@code filters} (outermost first) around {@code handler}, as one chain. */
    static Chain around(List<Filter> filters, Handler handler) {
        Chain chain = handler::handle;
        for (int i = filters.size() - 1; i >= 0; i--) {
            chain = new FilterLink(filters.get(i), chain);
        }
        return chain;
    }

    /** One filter and what follows it. */
    private record FilterLink(Filter filter, Chain rest) implements Chain {
        @Override
        public void next(Request request, Response response) throws Exception {
            filter.filter(request, response, rest);
        }
    }
}
