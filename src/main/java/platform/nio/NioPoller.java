package platform.nio;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import platform.ListenSocket;
import platform.Poller;
import platform.Socket;

/**
 * One-shot polling on a java.nio Selector. A Selector has no one-shot mode, so it is emulated: a key's
 * interest is cleared when its event is dispatched and set again by {@link #rearm}. A Selector applies
 * interest changes only when it next selects, so a re-arm also wakes the selector; wake-ups are coalesced
 * (at most one pending) because each costs a system call.
 */
final class NioPoller implements Poller {
    private static final Object LISTENER = new Object();

    private final Selector selector;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    private Events events;
    private int handled;

    NioPoller() throws IOException {
        this.selector = Selector.open();
    }

    @Override
    public void registerListener(ListenSocket listener) throws IOException {
        ((NioListenSocket) listener).channel.register(selector, SelectionKey.OP_ACCEPT, LISTENER);
    }

    @Override
    public void deregisterListener(ListenSocket listener) {
        SelectionKey key = ((NioListenSocket) listener).channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }

    @Override
    public void register(Socket socket, long token, int interest) throws IOException {
        NioSocket s = (NioSocket) socket;
        s.token = token;
        s.key = s.channel.register(selector, toOps(interest), s);
    }

    @Override
    public void rearm(Socket socket, long token, int interest) throws IOException {
        NioSocket s = (NioSocket) socket;
        s.token = token; // a session may have been given a new one since it registered
        try {
            s.key.interestOps(toOps(interest));
        } catch (CancelledKeyException e) {
            throw new ClosedChannelException();
        }
        wakeup();
    }

    @Override
    public void takeBack(Socket socket, long token) throws IOException {
        SelectionKey key = ((NioSocket) socket).key;
        if (!key.isValid()) {
            throw new ClosedChannelException();
        }
        key.cancel(); // on T0 between selects: the next select drops it before it could dispatch it
    }

    @Override
    public void deregister(Socket socket) {
        SelectionKey key = ((NioSocket) socket).key;
        if (key != null) {
            key.cancel();
            // The channel's descriptor is released when the selector next runs: make that soon.
            wakeup();
        }
    }

    @Override
    public int poll(Events sink, long timeoutMillis) throws IOException {
        this.events = sink;
        this.handled = 0;
        try {
            if (timeoutMillis < 0) {
                selector.select(dispatch);
            } else if (timeoutMillis == 0) {
                selector.selectNow(dispatch);
            } else {
                selector.select(dispatch, timeoutMillis);
            }
        } finally {
            // Cleared after the select: a wakeup() from here on wakes the next select (it returns at once), so
            // work handed to T0 after this poll (a wake-up request) is never left waiting for the timeout. A
            // re-arm coalesced before this line is applied by the next select anyway.
            wakeupPending.set(false);
        }
        return handled;
    }

    @Override
    public void disarm(Socket socket) {
        SelectionKey key = ((NioSocket) socket).key;
        if (key != null && key.isValid()) {
            key.interestOps(0); // its events would carry the socket's token, which its new owner will set
        }
    }

    private void dispatch(SelectionKey key) {
        handled++;
        Object attachment = key.attachment();
        if (attachment == LISTENER) {
            events.acceptable();
            return;
        }
        int ready;
        try {
            ready = key.readyOps();
            key.interestOps(0); // one-shot: disarm before anyone else may own the connection
        } catch (CancelledKeyException e) {
            return; // closed meanwhile by its owner
        }
        NioSocket socket = (NioSocket) attachment;
        events.ready(socket.token, fromOps(ready));
    }

    @Override
    public void wakeup() {
        if (!wakeupPending.getAndSet(true)) {
            selector.wakeup();
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to do: the selector is unusable either way
        }
    }

    private static int toOps(int interest) {
        int ops = 0;
        if ((interest & READ) != 0) {
            ops |= SelectionKey.OP_READ;
        }
        if ((interest & WRITE) != 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /** No HANGUP: java.nio reports a hang-up or an error as readiness for the interest ops set. */
    private static int fromOps(int ops) {
        int ready = 0;
        if ((ops & SelectionKey.OP_READ) != 0) {
            ready |= READ;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            ready |= WRITE;
        }
        return ready;
    }
}
