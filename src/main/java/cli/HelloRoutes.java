package cli;

import http.HelloApp;
import route.Router;

/**
 * The application {@code skep serve} runs, through a {@link Router}: GET (and HEAD) answer
 * {@code Hello, World!} and POST/PUT echo the body, on every path, as {@link HelloApp} does alone. The paths
 * the benchmarks load ({@code /} and {@code /plaintext}) are literal routes, so their requests allocate
 * nothing; any other path goes through the tail route {@code /{path...}}.
 */
final class HelloRoutes {
    private HelloRoutes() {
    }

    static Router create() {
        HelloApp hello = new HelloApp();
        Router router = new Router();
        for (String path : new String[] {"/", "/plaintext", "/{path...}"}) {
            router.get(path, hello);
            router.post(path, hello);
            router.put(path, hello);
        }
        return router;
    }
}
