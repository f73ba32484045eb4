package kv.app;

import http.ContentType;
import http.Request;
import http.Response;
import http.Status;
import kv.store.Change;
import kv.store.Json;
import kv.store.Store;
import route.RouteGroup;
import route.Router;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The store's HTTP API:
 * <pre>
 * GET    /kv?prefix=P&amp;limit=N  entries whose key starts with P (all by default), at most N, in key order
 * GET    /kv/{key}              {"key":...,"value":...} or 404
 * PUT    /kv/{key}              the body (UTF-8, at most 64 KiB) becomes the value; blocking: read as a stream
 * DELETE /kv/{key}              204, or 404
 * GET    /kv/{key}/next         deferred: answers with the key's next change (204 after 20 s without one)
 * GET    /export                every entry, one JSON object a line, streamed (chunked)
 * GET    /events                server-sent events: every change as it happens; blocking
 * </pre>
 * Every answer carries {@code Cache-Control: no-store} (a global filter, which runs for 404 and 405 too);
 * keys longer than 256 characters get 400 (a filter on the /kv group).
 */
final class KvRoutes {
    static final int MAX_VALUE = 64 * 1024;
    static final int MAX_KEY = 256;
    static final long WATCH_MILLIS = 20_000;

    private KvRoutes() {
    }

    static Router router(Store store, ChangeFeed feed, ScheduledExecutorService timer, long watchMillis) {
        Router router = new Router();
        router.filter((request, response, chain) -> {
            response.header("Cache-Control", "no-store");
            chain.next(request, response);
        });

        router.get("/kv", (request, response) -> list(store, request, response));
        RouteGroup kv = router.group("/kv");
        kv.filter((request, response, chain) -> {
            String key = request.param("key");
            if (key != null && key.length() > MAX_KEY) {
                json(response, Status.BAD_REQUEST, Json.error("key longer than " + MAX_KEY + " characters"));
                return;
            }
            chain.next(request, response);
        });
        kv.get("/{key}", (request, response) -> {
            String key = request.param("key");
            String value = store.get(key);
            if (value == null) {
                json(response, Status.NOT_FOUND, Json.error("no such key"));
            } else {
                json(response, Status.OK, Json.entry(key, value));
            }
        });
        // Blocking: the body is read as it arrives, on a virtual thread, while the workers serve others.
        kv.put("/{key}", (request, response) -> {
            byte[] value;
            try (InputStream body = request.bodyStream()) {
                value = body.readNBytes(MAX_VALUE + 1);
            }
            if (value.length > MAX_VALUE) {
                json(response, Status.CONTENT_TOO_LARGE, Json.error("value larger than " + MAX_VALUE + " bytes"));
                return;
            }
            Change change = store.put(request.param("key"), new String(value, StandardCharsets.UTF_8));
            json(response, Status.OK, Json.change(change));
        }).blocking();
        kv.delete("/{key}", (request, response) -> {
            if (store.delete(request.param("key")) == null) {
                json(response, Status.NOT_FOUND, Json.error("no such key"));
            } else {
                response.status(204);
            }
        });
        // Deferred: the handler returns at once; the key's next change (or the timer) completes the response.
        kv.get("/{key}/next", (request, response) ->
                Watch.start(store, timer, request.param("key"), response.defer(), watchMillis));

        router.get("/export", (request, response) -> response.contentType("application/x-ndjson")
                .body(new ExportStream(store.scan(256)), -1));
        router.get("/events", feed).blocking();
        return router;
    }

    private static void list(Store store, Request request, Response response) {
        String prefix = request.query("prefix");
        String limit = request.query("limit");
        int max;
        try {
            max = limit == null ? Integer.MAX_VALUE : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 0) {
            json(response, Status.BAD_REQUEST, Json.error("limit must be a whole number >= 0"));
            return;
        }
        var entries = store.list(prefix == null ? "" : prefix);
        json(response, Status.OK, Json.entries(entries.subList(0, Math.min(max, entries.size()))));
    }

    static void json(Response response, int status, String json) {
        response.status(status).contentType(ContentType.APPLICATION_JSON).body(json);
    }
}
