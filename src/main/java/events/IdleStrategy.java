package events;

/**
 * What a worker does when it finds the queue empty, before it parks. Modelled on Agrona's IdleStrategy:
 * {@code idle(n)} is called with the number of empty polls in a row and answers whether to poll again
 * ({@code true}) or go to sleep ({@code false}).
 */
@FunctionalInterface
public interface IdleStrategy {

    boolean idle(int emptyPolls);

    /** Spin with {@link Thread#onSpinWait()}, then yield, then sleep. */
    static IdleStrategy backoff(int spins, int yields) {
        return emptyPolls -> {
            if (emptyPolls <= spins) {
                Thread.onSpinWait();
                return true;
            }
            if (emptyPolls <= spins + yields) {
                Thread.yield();
                return true;
            }
            return false;
        };
    }
}
