package kv.app;

import kv.store.Json;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The store as one JSON object a line, made as the server pulls it (Response.body(InputStream, -1)): it reads
 * only as fast as the client takes the bytes, so a large store is never held in memory twice.
 */
final class ExportStream extends InputStream {
    private final Iterator<Map.Entry<String, String>> entries;
    private byte[] line = new byte[0];
    private int next;

    ExportStream(Iterator<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int n = 0;
        while (n < length) {
            if (next == line.length) {
                if (!entries.hasNext()) {
                    break;
                }
                Map.Entry<String, String> e = entries.next();
                line = (Json.entry(e.getKey(), e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
                next = 0;
            }
            int chunk = Math.min(length - n, line.length - next);
            System.arraycopy(line, next, into, offset + n, chunk);
            next += chunk;
            n += chunk;
        }
        return n == 0 ? -1 : n;
    }
}
