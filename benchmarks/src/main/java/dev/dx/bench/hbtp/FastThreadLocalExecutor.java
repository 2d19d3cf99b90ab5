package dev.dx.bench.hbtp;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A JMH worker pool whose threads are Netty {@code FastThreadLocalThread}s, like an event loop's. Netty
 * 4.2's {@code Recycler} pools objects only on such threads (on any other thread {@code get()} makes a
 * new object every time), so a decode benchmark on JMH's plain worker threads would charge the pooled
 * slices and frames to the codec although a server never pays for them. Selected with
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=dev.dx.bench.hbtp.FastThreadLocalExecutor}.
 */
public final class FastThreadLocalExecutor extends ThreadPoolExecutor {

    /**
     * Fails unless the calling thread is a {@code FastThreadLocalThread}: for the setup of benchmarks
     * that must run on this executor.
     */
    public static void requireFastThreadLocalThread() {
        if (!FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
            throw new IllegalStateException("run on FastThreadLocalThreads: -Djmh.executor=CUSTOM "
                    + "-Djmh.executor.class=" + FastThreadLocalExecutor.class.getName());
        }
    }

    /** The constructor JMH's {@code CUSTOM} executor type calls. */
    public FastThreadLocalExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
