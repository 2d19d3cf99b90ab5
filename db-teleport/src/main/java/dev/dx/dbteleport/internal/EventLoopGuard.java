package dev.dx.dbteleport.internal;

import io.netty.util.concurrent.BlockingOperationException;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Refuses blocking work (JDBC) on a Netty event loop thread. A thread counts as one when it is a
 * {@link FastThreadLocalThread} that does not {@linkplain FastThreadLocalThread#permitBlockingCalls()
 * permit blocking calls}: Netty's own test of non-blocking threads (its BlockHound integration),
 * which covers the threads of Netty's event loop groups made with their default thread factories.
 */
public final class EventLoopGuard {

    private EventLoopGuard() {
    }

    /** Whether the calling thread must not block. */
    public static boolean onEventLoop() {
        Thread t = Thread.currentThread();
        return t instanceof FastThreadLocalThread && !((FastThreadLocalThread) t).permitBlockingCalls();
    }

    /**
     * Throws if the calling thread must not block.
     *
     * @throws BlockingOperationException naming {@code what}
     */
    public static void checkNotEventLoop(String what) {
        if (onEventLoop()) {
            throw new BlockingOperationException(what + " blocks on the database and must not run on the event loop "
                    + Thread.currentThread().getName());
        }
    }
}
