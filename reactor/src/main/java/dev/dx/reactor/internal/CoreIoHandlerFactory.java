package dev.dx.reactor.internal;

import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.util.concurrent.ThreadAwareExecutor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Creates one {@link CoreIoHandler} per event loop of the group, in the order the group creates its
 * loops, and remembers which loop got which core.
 */
public final class CoreIoHandlerFactory implements IoHandlerFactory {

    private final IoHandlerFactory backend;
    private final Core[] cores;
    private final Scheduler scheduler;
    private final String namePrefix;
    private final boolean pin;
    private final Map<ThreadAwareExecutor, Core> coreOfLoop = new IdentityHashMap<>();
    private int next;

    public CoreIoHandlerFactory(IoHandlerFactory backend, Core[] cores, Scheduler scheduler,
                                String namePrefix, boolean pin) {
        this.backend = backend;
        this.cores = cores;
        this.scheduler = scheduler;
        this.namePrefix = namePrefix;
        this.pin = pin;
    }

    @Override
    public synchronized IoHandler newHandler(ThreadAwareExecutor loop) {
        if (next >= cores.length) {
            throw new IllegalStateException("more event loops than cores: " + (next + 1));
        }
        Core core = cores[next++];
        coreOfLoop.put(loop, core);
        return new CoreIoHandler(backend.newHandler(loop), core, scheduler, namePrefix, pin);
    }

    @Override
    public boolean isChangingThreadSupported() {
        // A core is bound to one pinned thread for its whole life.
        return false;
    }

    /** The core whose handler was created for {@code loop}, or {@code null}. */
    public synchronized Core coreOf(ThreadAwareExecutor loop) {
        return coreOfLoop.get(loop);
    }
}
