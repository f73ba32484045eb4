package http;

import java.io.IOException;

/**
 * A request body read as a stream is wrong or too large: the handler may let it escape, and the client gets
 * {@link #status} (400, 413; 503 when the buffered-body budget is spent) and a close.
 */
public final class BodyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The status the client gets. */
    public final int status;

    BodyException(int status) {
        super("request body: " + status + " " + Status.reason(status));
        this.status = status;
    }
}
