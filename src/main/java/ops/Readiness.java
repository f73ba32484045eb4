package ops;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this process wants traffic, as {@code /readyz} tells a load balancer: {@link State#STARTING} until
 * the server listens, {@link State#READY} while it does, {@link State#DRAINING} from the first stop request on.
 * Moves forward only; safe from any thread.
 */
public final class Readiness {
    /** The states, in the only order they are taken. */
    public enum State {
        /** Not serving yet: {@code /readyz} answers 503 "starting". */
        STARTING,
        /** Serving and wanting new connections: {@code /readyz} answers 200 "ready". */
        READY,
        /** Stopping: still serving for a while, but the load balancer should send nothing new (503 "draining"). */
        DRAINING
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    /** The current state. */
    public State state() {
        return state.get();
    }

    /** True while {@link State#READY}. */
    public boolean isReady() {
        return state.get() == State.READY;
    }

    /** STARTING becomes READY; returns false (and changes nothing) from any other state: a drain has begun. */
    public boolean ready() {
        return state.compareAndSet(State.STARTING, State.READY);
    }

    /** Any state becomes DRAINING; returns true only for the call that made the change. */
    public boolean drain() {
        return state.getAndSet(State.DRAINING) != State.DRAINING;
    }
}
