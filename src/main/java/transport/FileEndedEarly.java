package transport;

import java.io.IOException;

/**
 * A queued file had fewer bytes than its response promised: it shrank while it was sent. The response's
 * framing is broken, so the connection must close (the client then sees a short body, never a wrong one).
 */
public final class FileEndedEarly extends IOException {
    FileEndedEarly(long missing) {
        super("the file ended " + missing + " bytes before the length its response declared");
    }
}
