package dev.dx.bench.hbtp;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;

/**
 * An experiment for {@link LoadServer}'s {@code io_uring-spin} transport: an {@link IoHandler} that, when
 * its event loop may block, first polls the wrapped handler without blocking for up to
 * {@code spinNanos}, and blocks only if nothing arrived in that time. Under load at pipelining depth 16
 * an io_uring loop that runs dry blocks, wakes to a smaller batch and then takes turns with its peer;
 * this measures whether a short spin keeps it out of that regime. Not for production: a spinning loop
 * burns its core while idle and delays tasks submitted from other threads by up to the spin.
 */
final class SpinBeforeBlockIoHandler implements IoHandler {

    private final IoHandler delegate;
    private final long spinNanos;
    private final NonBlocking nonBlocking = new NonBlocking();

    private SpinBeforeBlockIoHandler(IoHandler delegate, long spinNanos) {
        this.delegate = delegate;
        this.spinNanos = spinNanos;
    }

    /** Wraps every handler {@code factory} makes. */
    static IoHandlerFactory factory(IoHandlerFactory factory, long spinNanos) {
        return executor -> new SpinBeforeBlockIoHandler(factory.newHandler(executor), spinNanos);
    }

    @Override
    public int run(IoHandlerContext context) {
        if (!context.canBlock()) {
            return delegate.run(context);
        }
        nonBlocking.context = context;
        long deadline = System.nanoTime() + spinNanos;
        do {
            int handled = delegate.run(nonBlocking);
            if (handled > 0) {
                return handled;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        return delegate.run(context);
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
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

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }

    /** The loop's context, except that it may not block. */
    private static final class NonBlocking implements IoHandlerContext {
        IoHandlerContext context;

        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return context.delayNanos(currentTimeNanos);
        }

        @Override
        public long deadlineNanos() {
            return context.deadlineNanos();
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            context.reportActiveIoTime(activeNanos);
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return context.shouldReportActiveIoTime();
        }
    }
}
