package dev.dx.reactor.internal;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;

/**
 * Wraps a backend's {@link IoHandler} to make its event loop a reactor core.
 *
 * <p>{@link #initialize()} runs first on the loop's thread: it binds the thread to its {@link Core},
 * renames it and pins it to its CPU, then initializes the backend (io_uring creates its ring there, on
 * the one thread that will ever submit to it).
 *
 * <p>Each {@link #run} first runs up to {@link Scheduler#LOCAL_BATCH} tasks from the core's local queue;
 * if there were none it tries to steal from the busiest other core. If either found work, the backend
 * polls I/O without blocking, so the loop comes straight back for more. Otherwise the backend may
 * block, but only after the core has marked itself idle and seen that no queue has work (see
 * {@link Scheduler}). Registrations and {@code isCompatible} go straight to the backend, so Netty's
 * channels see their own handler.
 */
final class CoreIoHandler implements IoHandler {

    private final IoHandler delegate;
    private final Core core;
    private final Scheduler scheduler;
    private final String namePrefix;
    private final boolean pin;
    private final IdleAwareContext idleAware = new IdleAwareContext();
    private final NonBlockingContext nonBlocking = new NonBlockingContext();

    CoreIoHandler(IoHandler delegate, Core core, Scheduler scheduler, String namePrefix, boolean pin) {
        this.delegate = delegate;
        this.core = core;
        this.scheduler = scheduler;
        this.namePrefix = namePrefix;
        this.pin = pin;
        core.handler(this);
    }

    @Override
    public void initialize() {
        Thread t = Thread.currentThread();
        if (t instanceof CoreThread) {
            ((CoreThread) t).core(core);
        }
        t.setName(namePrefix + "-" + core.id());
        boolean pinned = pin && core.cpu() >= 0 && Pinning.pin(core.cpu());
        core.started(pinned, Pinning.osThreadId());
        delegate.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        int work = core.runLocalTasks(Scheduler.LOCAL_BATCH);
        if (work == 0) {
            work = scheduler.steal(core);
        }
        IoHandlerContext ctx;
        if (work > 0) {
            nonBlocking.outer = context;
            ctx = nonBlocking;
        } else {
            idleAware.outer = context;
            ctx = idleAware;
        }
        try {
            return delegate.run(ctx) + work;
        } finally {
            core.idle(false);
        }
    }

    @Override
    public void prepareToDestroy() {
        scheduler.drain(core);
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        scheduler.drain(core);
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    void wakeupFromAnyThread() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }

    IoHandler delegate() {
        return delegate;
    }

    /** Lets the backend block only if the core is idle and no queue has work. */
    private final class IdleAwareContext extends ForwardingContext {
        @Override
        public boolean canBlock() {
            if (!outer.canBlock()) {
                return false;
            }
            core.idle(true);
            if (!core.queue().isEmpty() || scheduler.hasStealableWork(core)) {
                core.idle(false);
                return false;
            }
            return true;
        }
    }

    /** Never lets the backend block: there is queued work to come back to. */
    private static final class NonBlockingContext extends ForwardingContext {
        @Override
        public boolean canBlock() {
            return false;
        }
    }

    private abstract static class ForwardingContext implements IoHandlerContext {
        IoHandlerContext outer;

        @Override
        public long delayNanos(long currentTimeNanos) {
            return outer.delayNanos(currentTimeNanos);
        }

        @Override
        public long deadlineNanos() {
            return outer.deadlineNanos();
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            outer.reportActiveIoTime(activeNanos);
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return outer.shouldReportActiveIoTime();
        }
    }
}
