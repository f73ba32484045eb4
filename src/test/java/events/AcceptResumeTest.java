package events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import platform.IoMode;
import platform.ListenSocket;
import platform.Platform;
import platform.Poller;
import platform.Socket;
import platform.select.Backend;
import support.Await;
import support.Backends;

/**
 * After accept failed (EMFILE...), T0 stops watching the listener for a while and then registers it again.
 * If that registration fails, accepting must still resume later: the pause ends only once the listener is
 * watched again. Real sockets and pollers, with one accept failure and one failed re-registration injected.
 */
class AcceptResumeTest {

    static List<IoMode> backends() {
        return Backends.all();
    }

    /** The real listener, whose next accept fails once when told to. */
    private static final class FlakyListener implements ListenSocket {
        final ListenSocket real;
        final AtomicBoolean failAccept = new AtomicBoolean(true);

        FlakyListener(ListenSocket real) {
            this.real = real;
        }

        @Override
        public Socket accept() throws IOException {
            if (failAccept.getAndSet(false)) {
                throw new IOException("Too many open files (injected)");
            }
            return real.accept();
        }

        @Override
        public int localPort() {
            return real.localPort();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** The real poller, whose second listener registration (the first resume) fails once. */
    private static final class FlakyPoller implements Poller {
        @Override
        public void disarm(Socket socket) {
        }

        final Poller real;
        final AtomicInteger listenerRegistrations = new AtomicInteger();

        FlakyPoller(Poller real) {
            this.real = real;
        }

        @Override
        public void registerListener(ListenSocket listener) throws IOException {
            if (listenerRegistrations.incrementAndGet() == 2) {
                throw new IOException("epoll_ctl: Cannot allocate memory (injected)");
            }
            real.registerListener(((FlakyListener) listener).real);
        }

        @Override
        public void deregisterListener(ListenSocket listener) {
            real.deregisterListener(((FlakyListener) listener).real);
        }

        @Override
        public void register(Socket socket, long token, int interest) throws IOException {
            real.register(socket, token, interest);
        }

        @Override
        public void rearm(Socket socket, long token, int interest) throws IOException {
            real.rearm(socket, token, interest);
        }

        @Override
        public void takeBack(Socket socket, long token) throws IOException {
            real.takeBack(socket, token);
        }

        @Override
        public void deregister(Socket socket) {
            real.deregister(socket);
        }

        @Override
        public int poll(Events events, long timeoutMillis) throws IOException {
            return real.poll(events, timeoutMillis);
        }

        @Override
        public void wakeup() {
            real.wakeup();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void acceptingResumesAfterAFailedReRegistration(IoMode io) throws Exception {
        Platform platform = Backend.open(io);
        FlakyListener listener = new FlakyListener(platform.listen(new InetSocketAddress("127.0.0.1", 0), 16, false));
        FlakyPoller poller = new FlakyPoller(platform.openPoller());
        AtomicInteger opened = new AtomicInteger();
        EventLoop loop = new EventLoop(poller, listener, socket -> {
            opened.incrementAndGet();
            return new Session(socket) {
                @Override
                protected void onReady(int readyOps) {
                    close();
                }

                @Override
                protected boolean isIdle() {
                    return true;
                }
            };
        }, new WorkerPool(1, 16, IdleStrategy.backoff(16, 1), "skep-test-worker-"), 16,
                IdleStrategy.backoff(0, 1), TimeUnit.SECONDS.toNanos(10));
        loop.start();
        try (java.net.Socket client = new java.net.Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", listener.localPort()), 10_000);
            Await.until("the client to be accepted after the pauses (listener registrations: "
                    + poller.listenerRegistrations.get() + ")", () -> opened.get() == 1);
        } finally {
            loop.stop(0);
        }
        Await.until("the connection to close", () -> loop.connections() == 0);
    }
}
