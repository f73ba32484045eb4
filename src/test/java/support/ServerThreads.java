package support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The CPU time used so far by the server threads in this JVM (T0 and workers, named skep-*). */
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
}
