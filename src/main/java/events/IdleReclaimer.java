package events;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * T0's reclaiming of idle keep-alive sessions at the connection limit, like nginx: takes back the longest
 * idle (1/8 of those armed idle, 1 to {@value #BATCH}) exactly as a timeout does, and hands them on to be
 * closed; their slots then admit the clients waiting in the backlog. A session a worker owns, or one armed
 * with something in progress, is never armed idle, so it is never picked. One walk over the open sessions.
 */
final class IdleReclaimer {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** The most sessions reclaimed by one walk. */
    private static final int BATCH = 32;

    private final ConnectionTable table;
    private final Consumer<Session> takeBack;
    private final OldestIdle oldest = new OldestIdle(BATCH);
    private long lastLog;
    private int sinceLog;

    /**
     * @param takeBack T0: takes a session (already taken from "armed idle") from the poller and hands it to a
     *                 worker with {@link Session#RECLAIM}
     */
    IdleReclaimer(ConnectionTable table, Consumer<Session> takeBack) {
        this.table = table;
        this.takeBack = takeBack;
    }

    /** T0, between polls: reclaims the oldest idle sessions; returns how many. Logs at most once a second. */
    int reclaim(long now) {
        oldest.clear();
        table.forEachOpen(oldest);
        int batch = Math.min(oldest.size(), Math.max(1, oldest.seen() / 8));
        int reclaimed = 0;
        for (int i = 0; i < batch; i++) {
            Session session = oldest.get(i);
            if (session.takeIfIdle()) {
                takeBack.accept(session);
                reclaimed++;
            }
        }
        oldest.clear();
        sinceLog += reclaimed;
        if (sinceLog > 0 && now - lastLog > TimeUnit.SECONDS.toNanos(1)) {
            lastLog = now;
            log.info("connection limit of {} reached; closed {} idle keep-alive connection(s) to admit new ones",
                    table.capacity(), sinceLog);
            sinceLog = 0;
        }
        return reclaimed;
    }
}
