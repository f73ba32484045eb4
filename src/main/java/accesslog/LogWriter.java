package accesslog;

import java.io.IOException;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.jctools.queues.MessagePassingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread's loop: takes full slots, formats them into one batch, hands the slots back, writes the
 * batch when it is nearly full or the queue is empty, then parks. A reopen is handled as soon as it is seen,
 * each turn, after a line is taken and before it is formatted: a line queued after {@link AccessLog#reopen}
 * goes to the new file even while lines keep coming; lines queued before the request but not yet taken may go
 * to either. It parks for at most {@link #IDLE_PARK}: workers wake it only when the queue is filling up (a
 * quarter full), so they pay no system call per line, and a line waits at most that long at low rates.
 */
final class LogWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    /** Longest wait of a line at low rates; 50 wake-ups a second when idle cost nothing measurable. */
    static final long IDLE_PARK = TimeUnit.MILLISECONDS.toNanos(20);

    private final MessagePassingQueue<LogSlot> full;
    private final MessagePassingQueue<LogSlot> free;
    private final Sink sink;
    private final LineFormat format;
    private final LineBuffer batch = new LineBuffer(64 * 1024);
    private final AccessLog counts;

    volatile boolean sleeping;
    volatile boolean stopping;
    /** close() gave up waiting: stop without writing more (what was queued is counted as dropped). */
    volatile boolean abandoned;
    final AtomicBoolean reopenAsked = new AtomicBoolean();
    private int batchLines;
    private boolean failing; // the last write failed: warned once until one succeeds

    LogWriter(MessagePassingQueue<LogSlot> full, MessagePassingQueue<LogSlot> free, Sink sink,
              AccessLogFormat format, AccessLog counts) {
        this.full = full;
        this.free = free;
        this.sink = sink;
        this.format = LineFormat.of(format, new LogTimes(ZoneId.systemDefault()), new RemoteAddresses());
        this.counts = counts;
    }

    @Override
    public void run() {
        try {
            while (!abandoned) {
                LogSlot slot = full.relaxedPoll();
                // A pending reopen first, once the line is taken (it may have been queued after the request):
                // lines taken before go to the file open before, this one and the next to the new file.
                if (reopenAsked.get() && reopenAsked.getAndSet(false)) {
                    writeBatch();
                    reopen();
                }
                if (slot != null) {
                    if (!batch.hasRoomForLine()) {
                        writeBatch();
                    }
                    int lineStart = batch.length;
                    try {
                        format.format(slot, batch);
                        batchLines++;
                    } catch (RuntimeException e) { // a defect in formatting loses that line, not the log
                        batch.length = lineStart;
                        counts.addDropped(1);
                        LOG.warn("Access log: a line could not be formatted", e);
                    }
                    slot.clear();
                    // The free queue holds every slot, but an SPMC relaxedOffer may fail while a worker is
                    // mid-claim: try again, or the slot is lost for good.
                    while (!free.relaxedOffer(slot)) {
                        Thread.onSpinWait();
                    }
                    continue;
                }
                writeBatch();
                if (reopenAsked.get()) {
                    continue;
                }
                if (stopping) {
                    if (full.isEmpty()) {
                        break;
                    }
                    continue;
                }
                sleeping = true; // a worker reads it after queueing: it wakes us, or we see its line below
                if (full.isEmpty() && !stopping && !reopenAsked.get()) {
                    LockSupport.parkNanos(this, IDLE_PARK);
                }
                sleeping = false;
            }
        } finally {
            if (abandoned) {
                counts.addDropped(batchLines); // formatted, never written (the queue's rest: AccessLog.close)
            }
            try {
                sink.close();
            } catch (IOException e) {
                LOG.warn("Access log: closing failed: {}", e.toString());
            }
        }
    }

    private void writeBatch() {
        if (batch.length == 0) {
            return;
        }
        try {
            sink.write(batch.bytes, batch.length);
            counts.addWritten(batchLines);
            failing = false;
        } catch (IOException e) {
            counts.addDropped(batchLines);
            if (!failing) {
                LOG.warn("Access log: writing failed, lines are dropped until it works again: {}", e.toString());
                failing = true;
            }
        }
        batch.length = 0;
        batchLines = 0;
    }

    private void reopen() {
        try {
            sink.reopen();
        } catch (IOException e) {
            LOG.warn("Access log: reopening failed, still writing to the file open before: {}", e.toString());
        }
    }
}
