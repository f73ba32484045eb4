package support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive connection that sends the same request again and again and reads each answer whole, for the
 * allocation tests: the answer has a fixed length (given, or learnt from a first exchange), so reading it costs
 * the test nothing per request.
 */
public final class RepeatingClient implements AutoCloseable {
    private final Socket socket = new Socket();
    private final byte[] request;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] response;

    private RepeatingClient(int port, byte[] request, int responseLength) throws IOException {
        this.request = request;
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.response = new byte[responseLength >= 0 ? responseLength : firstResponseLength()];
    }

    /** Answers of {@code responseLength} bytes each. */
    public static RepeatingClient open(int port, byte[] request, int responseLength) throws IOException {
        return new RepeatingClient(port, request, responseLength);
    }

    /** Learns the answer's length from a first exchange (its head's Content-Length). */
    public static RepeatingClient openLearningLength(int port, byte[] request) throws IOException {
        return new RepeatingClient(port, request, -1);
    }

    private int firstResponseLength() throws IOException {
        out.write(request);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int at = text.indexOf("Content-Length: ") + 16;
        int length = Integer.parseInt(text.substring(at, text.indexOf("\r\n", at)));
        in.readNBytes(length);
        return head.size() + length;
    }

    /** {@code count} requests, one at a time, each answer read whole. */
    public void exchange(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            out.write(request);
            int read = in.readNBytes(response, 0, response.length);
            if (read != response.length) {
                throw new IOException("short response: " + read);
            }
        }
    }

    /**
     * {@code warmUps} rounds of {@code count} requests (the interpreter and C1 allocate; C2 must not), then one
     * more round measured: the bytes the server threads allocated per request in it.
     */
    public double allocatedPerRequest(int warmUps, int count) throws IOException {
        for (int round = 0; round < warmUps; round++) {
            exchange(count);
        }
        long before = ServerThreads.allocatedBytes();
        exchange(count);
        return (double) (ServerThreads.allocatedBytes() - before) / count;
    }

    /** The last answer read. */
    public byte[] lastResponse() {
        return response;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
