package dev.dx.dbteleport.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor for JDBC work: a fixed pool of daemon threads named
 * {@code dx-dbteleport-jdbc-N} with a bounded queue. A task that finds the queue full is refused
 * ({@link java.util.concurrent.RejectedExecutionException}), never run on the caller's thread and
 * never waited for: a caller may be an event loop.
 */
public final class JdbcExecutors {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private JdbcExecutors() {
    }

    /** A pool of {@code threads} threads and a queue of {@code queueSize} waiting tasks. */
    public static ThreadPoolExecutor bounded(int threads, int queueSize) {
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "dx-dbteleport-jdbc-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), factory, new ThreadPoolExecutor.AbortPolicy());
    }
}
