package http;

import java.nio.charset.StandardCharsets;

/**
 * The default application: {@code GET}/{@code HEAD} on any path answer {@code Hello, World!};
 * {@code POST}/{@code PUT} echo the request body back; other methods get 405.
 */
public final class HelloApp implements Handler {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void handle(Request request, Response response) {
        if (request.methodIs("GET") || request.methodIs("HEAD")) {
            response.contentType(ContentType.TEXT_PLAIN).body(HELLO);
        } else if (request.methodIs("POST") || request.methodIs("PUT")) {
            String type = request.header("content-type");
            response.contentType(type != null ? ContentType.of(type) : ContentType.OCTET_STREAM)
                    .body(request.body());
        } else {
            response.status(Status.METHOD_NOT_ALLOWED)
                    .header("Allow", "GET, HEAD, POST, PUT")
                    .contentType(ContentType.TEXT_PLAIN)
                    .body("Method Not Allowed\n");
        }
    }
}
