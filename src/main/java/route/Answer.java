package route;

import java.nio.charset.StandardCharsets;

import http.ContentType;
import http.Handler;
import http.Request;
import http.Response;
import http.Status;

/** The router's own answers: 404, 400, 405 with {@code Allow}, and 204 with {@code Allow} for OPTIONS. */
final class Answer implements Handler {
    private final int status;
    private final String allow; // null: no Allow header
    private final byte[] body;

    private Answer(int status, String allow, byte[] body) {
        this.status = status;
        this.allow = allow;
        this.body = body;
    }

    static Answer notFound() {
        return text(Status.NOT_FOUND, null);
    }

    static Answer badRequest() {
        return text(Status.BAD_REQUEST, null);
    }

    static Answer methodNotAllowed(String allow) {
        return text(Status.METHOD_NOT_ALLOWED, allow);
    }

    static Answer options(String allow) {
        return new Answer(204, allow, null);
    }

    private static Answer text(int status, String allow) {
        return new Answer(status, allow, (Status.reason(status) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void handle(Request request, Response response) {
        response.status(status);
        if (allow != null) {
            response.header("Allow", allow);
        }
        if (body != null) {
            response.contentType(ContentType.TEXT_PLAIN).body(body);
        }
    }
}
