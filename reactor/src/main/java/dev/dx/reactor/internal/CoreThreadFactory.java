package dev.dx.reactor.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the {@link CoreThread}s of one reactor. Threads are renamed {@code prefix-<core>} once they
 * know their core (in {@link CoreIoHandler#initialize()}).
 */
public final class CoreThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger started = new AtomicInteger();

    public CoreThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new CoreThread(r, prefix + "-starting-" + started.getAndIncrement());
        t.setDaemon(false);
        return t;
    }

    String prefix() {
        return prefix;
    }
}
