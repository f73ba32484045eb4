package http;

/** Test helper: marks a handler blocking (what a router's {@code Route.blocking()} does). */
final class Blocking implements Handler {
    private final Handler handler;

    private Blocking(Handler handler) {
        this.handler = handler;
    }

    static Handler of(Handler handler) {
        return new Blocking(handler);
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        handler.handle(request, response);
    }

    @Override
    public boolean blocking() {
        return Boolean.parseBoolean(System.getProperty("skep.test.blocking", "true"));
    }
}
