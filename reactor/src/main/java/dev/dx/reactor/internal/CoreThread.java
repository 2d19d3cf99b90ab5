package dev.dx.reactor.internal;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The thread of one reactor core. It knows its {@link Core}, so {@code DxReactor.currentCore()} is one
 * field read, without a thread-local lookup.
 */
public final class CoreThread extends FastThreadLocalThread {

    private Core core;

    CoreThread(Runnable task, String name) {
        super(task, name);
    }

    /** The core of the calling thread, or {@code null} when it is not a reactor thread. */
    public static Core currentCore() {
        Thread t = Thread.currentThread();
        return t instanceof CoreThread ? ((CoreThread) t).core : null;
    }

    void core(Core core) {
        this.core = core;
    }
}
