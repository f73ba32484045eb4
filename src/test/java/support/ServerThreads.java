package support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** What the server threads in this JVM (T0 and workers, named skep-*) used so far: CPU time, heap. */
public final class ServerThreads {
    private ServerThreads() {
    }

    public static long cpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("skep-")) {
                total += Math.max(0, mx.getThreadCpuTime(t.threadId()));
            }
        }
        return total;
    }

    /** Bytes allocated so far by the live server threads. */
    public static long allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("skep-")) {
                total += mx.getThreadAllocatedBytes(t.threadId());
            }
        }
        return total;
    }
}
