package sse;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import http.Response;

/**
 * Server-sent events ({@code text/event-stream}, WHATWG HTML section 9.2) over a blocking handler's response
 * stream. Each event is sent at once ({@link Response#outputStream()} is flushed), so a subscriber sees it
 * without waiting for a buffer to fill. A subscriber that went away makes the next write throw an
 * {@link IOException}: let it end the handler.
 *
 * <pre>{@code
 * router.get("/ticks", (req, res) -> {
 *     try (EventStream events = EventStream.open(res)) {
 *         for (int i = 0; ; i++) {
 *             events.event("tick", Integer.toString(i));
 *             Thread.sleep(1000);
 *         }
 *     }
 * }).blocking();
 * }</pre>
 */
public final class EventStream implements Closeable {
    private final OutputStream out;
    private final StringBuilder text = new StringBuilder(256);

    private EventStream(OutputStream out) {
        this.out = out;
    }

    /**
     * Starts the stream: {@code Content-Type: text/event-stream}, {@code Cache-Control: no-cache}, and the head
     * sent at once (so the subscriber knows it is connected before the first event).
     *
     * @throws IllegalStateException outside a blocking handler
     */
    public static EventStream open(Response response) throws IOException {
        response.contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache");
        EventStream stream = new EventStream(response.outputStream());
        stream.out.flush();
        return stream;
    }

    /** Sends an unnamed event (a {@code message} to the subscriber): one {@code data:} line per line of data. */
    public EventStream data(String data) throws IOException {
        return event(null, data, null);
    }

    /** Sends an event named {@code name} (its {@code event:} field), with {@code data}. */
    public EventStream event(String name, String data) throws IOException {
        return event(name, data, null);
    }

    /**
     * Sends an event; {@code name} and {@code id} may be null. Data lines end at CRLF, LF or CR, as the
     * subscriber splits them; each becomes a {@code data:} line, so the subscriber gets the data back with LF.
     */
    public EventStream event(String name, String data, String id) throws IOException {
        text.setLength(0);
        if (id != null) {
            field("id", id);
        }
        if (name != null) {
            field("event", name);
        }
        int start = 0;
        for (int i = 0; i <= data.length(); i++) {
            char c = i < data.length() ? data.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                text.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return send(text.append('\n'));
    }

    /**
     * Sends a comment line ({@code : text}), which subscribers ignore: a heartbeat that keeps proxies from
     * closing an idle stream and finds out sooner that a subscriber went away.
     */
    public EventStream comment(String comment) throws IOException {
        text.setLength(0);
        checkLine("comment", comment);
        return send(text.append(": ").append(comment).append("\n\n"));
    }

    /** Ends the stream (the last chunk). */
    @Override
    public void close() throws IOException {
        out.close();
    }

    private void field(String field, String value) {
        checkLine(field, value);
        text.append(field).append(": ").append(value).append('\n');
    }

    private static void checkLine(String what, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must be one line: " + value);
        }
    }

    private EventStream send(CharSequence event) throws IOException {
        out.write(event.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }
}
