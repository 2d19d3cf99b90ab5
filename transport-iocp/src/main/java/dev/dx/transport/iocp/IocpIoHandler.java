/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.netty.util.concurrent.ThreadAwareExecutor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Netty {@link IoHandler} over one I/O completion port. Use it through
 * {@code new MultiThreadIoEventLoopGroup(n, IocpIoHandler.newFactory())} with the {@link IocpSocketChannel},
 * {@link IocpServerSocketChannel} and {@link IocpDatagramChannel} channels.
 *
 * <p>{@link #run} dequeues completion records in batches ({@code GetQueuedCompletionStatusEx}), blocking no longer
 * than the event loop's next scheduled task; each record is routed by its completion key to the registration and
 * handle that started the operation (unknown keys are logged and dropped). {@link #wakeup()} posts one record with
 * {@code PostQueuedCompletionStatus}; concurrent wake-ups are coalesced. A registration's {@code cancel()} asks
 * {@code CancelIoEx} to abort every operation in flight and frees their OVERLAPPED blocks only after their aborted
 * completions have been dequeued.
 */
public final class IocpIoHandler implements IoHandler {

    private static final System.Logger logger = System.getLogger(IocpIoHandler.class.getName());
    private static final long WAKEUP_KEY = 0;

    private final IocpIoHandlerConfig config;
    private final ThreadAwareExecutor executor;
    private final IocpApi api;
    private final long port;
    private final ByteBuffer entries;
    private final LongObjectMap<IocpRegistration> registrations = new LongObjectHashMap<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private long nextKey = 1;
    private boolean destroyed;

    private IocpIoHandler(ThreadAwareExecutor executor, IocpIoHandlerConfig config) {
        this.executor = checkNotNull(executor, "executor");
        this.config = config;
        this.api = Iocp.api(config.emulated());
        long p = api.createPort(1);
        if (p <= 0) {
            throw new IllegalStateException(Errors.message("CreateIoCompletionPort", (int) -p));
        }
        this.port = p;
        this.entries = ByteBuffer.allocateDirect(config.completionBatchSize() * IocpApi.ENTRY_SIZE)
                .order(ByteOrder.nativeOrder());
    }

    /** Returns a factory of handlers with the default {@link IocpIoHandlerConfig}. */
    public static IoHandlerFactory newFactory() {
        return newFactory(new IocpIoHandlerConfig());
    }

    /**
     * Returns a factory of handlers with a snapshot of {@code config}.
     *
     * @throws UnsatisfiedLinkError with {@link Iocp#unavailabilityCause()} as its cause if the native transport is
     *         unavailable and {@code config.emulated()} (or {@code -Ddx.iocp.emulate=true}) is not set
     * @throws IllegalStateException if the emulator is asked for and its test-jar is not on the class path
     */
    public static IoHandlerFactory newFactory(IocpIoHandlerConfig config) {
        IocpIoHandlerConfig snapshot = checkNotNull(config, "config").snapshot();
        Iocp.api(snapshot.emulated()); // fails here, not in the event loop, if the implementation is missing
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new IocpIoHandler(executor, snapshot);
            }

            @Override
            public String toString() {
                return "IocpIoHandlerFactory(" + snapshot + ')';
            }
        };
    }

    IocpApi api() {
        return api;
    }

    long port() {
        return port;
    }

    IocpIoHandlerConfig config() {
        return config;
    }

    boolean inEventLoop() {
        return executor.isExecutorThread(Thread.currentThread());
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public int run(IoHandlerContext context) {
        int timeout;
        if (!context.canBlock()) {
            timeout = 0;
        } else if (context.deadlineNanos() == -1) {
            timeout = IocpApi.INFINITE;
        } else {
            long delay = context.delayNanos(System.nanoTime());
            timeout = delay <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(delay + 999_999));
        }
        int handled = 0;
        int max = config.completionBatchSize();
        for (;;) {
            int n = api.dequeue(port, entries, max, timeout);
            if (n < 0) {
                logger.log(System.Logger.Level.WARNING, Errors.message("GetQueuedCompletionStatusEx", -n));
                return handled;
            }
            for (int i = 0; i < n; i++) {
                int base = i * IocpApi.ENTRY_SIZE;
                long key = entries.getLong(base);
                long op = entries.getLong(base + 8);
                int bytes = entries.getInt(base + 16);
                int error = entries.getInt(base + 20);
                dispatch(key, op, bytes, error);
            }
            handled += n;
            if (n < max) {
                return handled;
            }
            timeout = 0;
        }
    }

    private void dispatch(long key, long op, int bytes, int error) {
        if (key == WAKEUP_KEY && op == 0) {
            wakeupPending.set(false);
            return;
        }
        IocpRegistration registration = registrations.get(key);
        if (registration == null) {
            logger.log(System.Logger.Level.DEBUG, "completion for unknown key {0} (operation 0x{1}, error {2}): dropped",
                    key, Long.toHexString(op), error);
            return;
        }
        try {
            registration.complete(op, bytes, error);
        } catch (Throwable t) {
            logger.log(System.Logger.Level.WARNING, "unexpected exception handling a completion", t);
        }
    }

    void unknownOperation(long key, long op) {
        logger.log(System.Logger.Level.WARNING, "completion for unknown operation 0x{0} of key {1}: dropped",
                Long.toHexString(op), key);
    }

    @Override
    public void wakeup() {
        if (!inEventLoop() && wakeupPending.compareAndSet(false, true)) {
            int err = api.post(port, WAKEUP_KEY, 0);
            if (err != 0) {
                wakeupPending.set(false);
                logger.log(System.Logger.Level.WARNING, Errors.message("PostQueuedCompletionStatus", err));
            }
        }
    }

    @Override
    public IoRegistration register(IoHandle handle) {
        if (destroyed) {
            throw new IllegalStateException("IocpIoHandler destroyed");
        }
        IocpIoHandle h = (IocpIoHandle) handle;
        long key = nextKey++;
        IocpRegistration registration = new IocpRegistration(this, h, key);
        registrations.put(key, registration);
        h.attach(registration);
        return registration;
    }

    void remove(IocpRegistration registration) {
        registrations.remove(registration.key);
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return IocpIoHandle.class.isAssignableFrom(handleType);
    }

    @Override
    public void prepareToDestroy() {
        for (IocpRegistration r : new ArrayList<>(registrations.values())) {
            try {
                ((IocpIoHandle) r.attachment()).close();
            } catch (Exception e) {
                logger.log(System.Logger.Level.DEBUG, "failed to close a handle", e);
            }
        }
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        prepareToDestroy();
        for (IocpRegistration r : new ArrayList<>(registrations.values())) {
            r.cancel();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.shutdownDrainMillis());
        while (!registrations.isEmpty() && System.nanoTime() - deadline < 0) {
            int n = api.dequeue(port, entries, config.completionBatchSize(), 50);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                int base = i * IocpApi.ENTRY_SIZE;
                dispatch(entries.getLong(base), entries.getLong(base + 8), entries.getInt(base + 16),
                        entries.getInt(base + 20));
            }
            for (IocpRegistration r : new ArrayList<>(registrations.values())) {
                if (r.inFlight() == 0) {
                    r.finish();
                }
            }
        }
        if (!registrations.isEmpty()) {
            logger.log(System.Logger.Level.WARNING,
                    "{0} registrations still had operations in flight after {1} ms; their memory is leaked",
                    registrations.size(), config.shutdownDrainMillis());
            for (IocpRegistration r : new ArrayList<>(registrations.values())) {
                r.abandon();
            }
        } else {
            api.closePort(port);
        }
    }

    @Override
    public String toString() {
        return "IocpIoHandler(port: 0x" + Long.toHexString(port) + ", registrations: " + registrations.size() + ')';
    }
}
