package platform;

import java.io.Closeable;
import java.io.IOException;

/**
 * Readiness polling with one-shot semantics, shaped after {@code epoll(7)} with {@code EPOLLONESHOT}.
 *
 * <p>A connection is registered once with an interest and a 64-bit token. When it becomes ready, one event
 * carrying the token is delivered and the connection is disarmed: it gets no further event until someone
 * calls {@link #rearm}. That makes the receiver of an event the connection's only owner, with no lock.
 * {@link #rearm} and {@link #deregister} may be called from any thread, even while {@link #poll} is blocked
 * in another thread (a re-arm counts from that moment; nio applies it when its selector next wakes, which the
 * re-arm causes); the listener calls, {@link #register}, {@link #takeBack} and {@link #poll} belong to the
 * polling thread (T0). An interest is asked for only with the condition it handles: a hang-up seen with write
 * interest only would re-fire after every re-arm while the peer stays half-closed (DESIGN.md rule 13).
 */
public interface Poller extends Closeable {

    /** Interest and readiness bits. */
    int READ = 1;
    int WRITE = 2;
    /**
     * Readiness only: the peer hung up or the socket is in error (reading will tell which). Epoll reports a
     * half-close with read interest only; nio never sets it and reports such states as the interest's
     * readiness instead.
     */
    int HANGUP = 4;

    /** Receives what one {@link #poll} found. Called on the polling thread. */
    interface Events {
        /** The listening socket has connections waiting. */
        void acceptable();

        /** The connection registered with {@code token} is ready for {@code readyOps} and now disarmed. */
        void ready(long token, int readyOps);
    }

    /** Watches the listening socket (level-triggered, not one-shot). Polling thread only. */
    void registerListener(ListenSocket listener) throws IOException;

    /** Stops watching the listening socket (before closing it). Polling thread only. */
    void deregisterListener(ListenSocket listener);

    /** Registers {@code socket} armed once for {@code interest} (READ and/or WRITE). Polling thread only. */
    void register(Socket socket, long token, int interest) throws IOException;

    /** Arms {@code socket} again for one event. Any thread; the caller gives up ownership when it returns. */
    void rearm(Socket socket, long token, int interest) throws IOException;

    /**
     * Takes an armed {@code socket} back for good, without an event (e.g. to time it out): from its return
     * no event is delivered for it, not even an error or a hang-up, and it cannot be re-armed; its taker
     * closes it. Polling thread only (between polls), so no event for it is in flight. On epoll this is
     * {@code EPOLL_CTL_DEL}: a {@code EPOLL_CTL_MOD} to no interest still reports errors and hang-ups.
     */
    void takeBack(Socket socket, long token) throws IOException;

    /**
     * Polling thread only, between polls: the interest last armed for {@code socket} is not wanted any more
     * (a parked session was woken without an event), and its session has a new token, so that an event still
     * reported must not carry the new one. On epoll events carry the token they were armed with, which is
     * stale now: nothing to do. A backend whose events name the socket's current token must drop the
     * interest.
     */
    void disarm(Socket socket);

    /** Forgets {@code socket}; no event for it will be delivered afterwards. Any thread, before closing it. */
    void deregister(Socket socket);

    /**
     * Waits up to {@code timeoutMillis} (negative: forever, 0: not at all) for events and hands each to
     * {@code events}. Returns the number handled. Polling thread only.
     */
    int poll(Events events, long timeoutMillis) throws IOException;

    /** Makes a blocked or the next {@link #poll} return early. Any thread. */
    void wakeup();

    @Override
    void close();
}
