package http;

/**
 * Application code: fills in the response for a request. Called on a worker thread; must not block for
 * long, since a worker serves many connections. An exception becomes a 500 and closes the connection.
 * The request and response objects are reused after the call returns: do not keep them.
 */
@FunctionalInterface
public interface Handler {
    void handle(Request request, Response response) throws Exception;
}
