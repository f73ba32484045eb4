package platform;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A regular file open for reading, whose bytes a {@link Socket} sends without copying them through the heap
 * ({@link Socket#sendFile}). Opened by one backend ({@link Platform#openFile}) and sendable only through that
 * backend's sockets.
 *
 * <p>Reference-counted, so that a cache can share one descriptor among many responses in flight: it opens
 * with one reference, {@link #retain()} adds one, {@link #close()} drops one, and the descriptor is closed when
 * the last is dropped. A descriptor is never closed while a send that retained it is still going out, so its
 * number can never be reused under that send.
 */
public abstract class OpenFile implements AutoCloseable {
    private static final VarHandle REFERENCES;

    static {
        try {
            REFERENCES = MethodHandles.lookup().findVarHandle(OpenFile.class, "references", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through REFERENCES
    private volatile int references = 1;

    /** Adds a reference; false when the file is closed already (its last reference was dropped). */
    public final boolean retain() {
        while (true) {
            int n = references;
            if (n == 0) {
                return false;
            }
            if (REFERENCES.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops one reference; the last one closes the descriptor. Extra calls after that do nothing. */
    @Override
    public final void close() {
        while (true) {
            int n = references;
            if (n == 0) {
                return;
            }
            if (REFERENCES.compareAndSet(this, n, n - 1)) {
                if (n == 1) {
                    closeDescriptor();
                }
                return;
            }
        }
    }

    /** True once the last reference is dropped. */
    public final boolean isClosed() {
        return references == 0;
    }

    /** The file's size now, asked of the open descriptor (not of the path, which may name another file by now). */
    public abstract long size() throws IOException;

    /** Closes the descriptor: called once, when the last reference is dropped. */
    protected abstract void closeDescriptor();
}
