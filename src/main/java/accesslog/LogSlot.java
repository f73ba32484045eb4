package accesslog;

import java.net.InetSocketAddress;

import http.Request;

/**
 * One line's raw fields, copied by the worker and formatted by the writer. Preallocated and reused, so a
 * worker allocates nothing; fields longer than their region are cut.
 */
final class LogSlot {
    static final int METHOD_AT = 0;
    static final int METHOD_MAX = 32;
    static final int TARGET_AT = METHOD_AT + METHOD_MAX;
    static final int TARGET_MAX = 480;
    static final int REFERER_AT = TARGET_AT + TARGET_MAX;
    static final int REFERER_MAX = 256;
    static final int AGENT_AT = REFERER_AT + REFERER_MAX;
    static final int AGENT_MAX = 256;
    static final int BYTES = AGENT_AT + AGENT_MAX;

    final byte[] bytes = new byte[BYTES];
    boolean headComplete;
    int methodLength;
    int targetLength;
    int refererLength; // -1: absent
    int agentLength;   // -1: absent
    String protocol;
    String route;
    InetSocketAddress remote;
    int status;
    long bodyBytes;
    long epochMillis;
    long durationNanos;

    void fill(Request request, int status, long bodyBytes, long durationNanos, long epochMillis) {
        this.remote = request.remoteAddress();
        this.status = status;
        this.bodyBytes = bodyBytes;
        this.durationNanos = durationNanos;
        this.epochMillis = epochMillis;
        this.headComplete = request.headComplete();
        if (!headComplete) {
            protocol = null;
            route = null;
            return;
        }
        methodLength = request.copyMethod(bytes, METHOD_AT, METHOD_MAX);
        targetLength = request.copyTarget(bytes, TARGET_AT, TARGET_MAX);
        refererLength = copyHeader(request, "referer", REFERER_AT, REFERER_MAX);
        agentLength = copyHeader(request, "user-agent", AGENT_AT, AGENT_MAX);
        protocol = request.protocol();
        route = request.route();
    }

    private int copyHeader(Request request, String name, int at, int max) {
        int index = request.headerIndex(name);
        return index < 0 ? -1 : request.copyHeaderValue(index, bytes, at, max);
    }

    /** Lets go of the references once written, so that a slot keeps no connection's address alive. */
    void clear() {
        remote = null;
        route = null;
    }
}
