/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.channel.IoEvent;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@link IocpIoHandler} and {@link IocpRegistration} driven directly, without an event loop: the test thread plays
 * the loop (a hand-made executor decides which thread that is and whether tasks are accepted), so the batch loop,
 * the wake-up coalescing, failures of the port calls and every way {@code destroy()} ends can be checked one step at a
 * time. Failures of the port calls are injected with the emulator's {@code failNextCall}, so the class runs on the
 * emulator only.
 */
@Timeout(30)
class IocpIoHandlerLifecycleTest {

    private final EmulatedIocpApi emulator = EmulatedIocpApi.instance();
    private final ManualExecutor executor = new ManualExecutor();
    private IocpIoHandler handler;

    /** The event loop of these tests: owned by one thread, its tasks queued (or refused) but never run. */
    static final class ManualExecutor implements ThreadAwareExecutor {
        volatile Thread owner = Thread.currentThread();
        volatile boolean rejecting;
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public boolean isExecutorThread(Thread thread) {
            return thread == owner;
        }

        @Override
        public synchronized void execute(Runnable task) {
            if (rejecting) {
                throw new RejectedExecutionException("shutting down");
            }
            tasks.add(task);
        }
    }

    /** A loop iteration that may not block. */
    private static final IoHandlerContext POLL = new IoHandlerContext() {
        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 0;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    };

    /** A loop iteration with no scheduled task: may block until a completion comes. */
    private static final IoHandlerContext BLOCK = new IoHandlerContext() {
        @Override
        public boolean canBlock() {
            return true;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return Long.MAX_VALUE;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    };

    /** A handle that records its completions and its end, and can be told to fail. */
    static final class TestHandle implements IocpIoHandle {
        final List<IocpIoEvent> events = new CopyOnWriteArrayList<>();
        IocpRegistration registration;
        boolean unregistered;
        boolean closed;
        boolean throwOnCompletion;
        boolean throwOnClose;

        @Override
        public void attach(IocpRegistration r) {
            registration = r;
        }

        @Override
        public void handle(IoRegistration r, IoEvent event) {
            IocpIoEvent e = (IocpIoEvent) event;
            IocpIoEvent copy = new IocpIoEvent().set(e.operation, e.bytes, e.error);
            events.add(copy);
            if (throwOnCompletion) {
                throw new IllegalStateException("handler bug");
            }
        }

        @Override
        public void unregistered() {
            unregistered = true;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (throwOnClose) {
                throw new IOException("cannot close");
            }
        }
    }

    @BeforeEach
    void emulatorOnly() {
        assumeTrue(IocpTestSupport.emulated(), "failures are injected through the emulator");
    }

    @AfterEach
    void tearDown() {
        if (handler != null) {
            executor.owner = Thread.currentThread();
            handler.destroy();
        }
        assertThat(emulator.armedFailures()).as("every armed failure was hit").isEmpty();
    }

    private IocpIoHandler newHandler(IocpIoHandlerConfig config) {
        handler = (IocpIoHandler) IocpIoHandler.newFactory(config.emulated(true)).newHandler(executor);
        return handler;
    }

    @Test
    void aFullBatchIsFollowedByMoreDequeuesUntilAShortOne() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig().completionBatchSize(2));
        for (int i = 0; i < 5; i++) {
            assertThat(h.api().post(h.port(), 0, 0)).isZero();
        }
        assertThat(h.run(POLL)).as("2 + 2 + 1 records in one run").isEqualTo(5);
        assertThat(h.run(POLL)).isZero();
        assertThat(h.api().post(h.port(), 0, 0)).isZero();
        assertThat(h.run(BLOCK)).as("a run without deadline returns once a record is there").isEqualTo(1);
    }

    @Test
    void wakeupsFromOtherThreadsAreCoalescedUntilTheRecordIsDequeued() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        executor.owner = null; // the test thread is not the loop now
        h.wakeup();
        h.wakeup();
        h.wakeup();
        assertThat(h.run(POLL)).as("one record for three wake-ups").isEqualTo(1);
        h.wakeup();
        assertThat(h.run(POLL)).as("dequeuing the record re-arms the wake-up").isEqualTo(1);
        executor.owner = Thread.currentThread();
        h.wakeup();
        assertThat(h.run(POLL)).as("the loop never wakes itself").isZero();
    }

    @Test
    void aFailedWakeupPostDoesNotSwallowTheNextWakeup() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        executor.owner = null;
        emulator.failNextCall("post", IocpApi.ERROR_INVALID_PARAMETER);
        h.wakeup();
        assertThat(h.run(POLL)).as("the failed post queued nothing").isZero();
        h.wakeup();
        assertThat(h.run(POLL)).isEqualTo(1);
    }

    @Test
    void aFailedDequeueEndsTheRunAndLosesNoRecord() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        assertThat(h.api().post(h.port(), 0, 0)).isZero();
        emulator.failNextCall("dequeue", IocpApi.ERROR_INVALID_PARAMETER);
        assertThat(h.run(POLL)).isZero();
        assertThat(h.run(POLL)).isEqualTo(1);
    }

    @Test
    void aHandleThatThrowsOnACompletionDoesNotStopTheLoopNorKeepItsOperationInFlight(@TempDir Path dir)
            throws Exception {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        TestHandle handle = new TestHandle();
        handle.throwOnCompletion = true;
        IoRegistration r = h.register(handle);
        IocpRegistration registration = handle.registration;
        assertThat((Object) r.attachment()).isSameAs(handle);
        Path p = dir.resolve("f");
        Files.write(p, new byte[] {1, 2, 3});
        IocpApi api = h.api();
        long file = api.openFile(p.toString());
        assertThat(file).isPositive();
        registration.associate(file);
        IocpOperation op = registration.newOperation();
        ByteBuffer dst = ByteBuffer.allocateDirect(8);
        assertThat(registration.started(op, api.readFile(file, 0, dst, 0, 8, op.handle))).isZero();
        assertThat(registration.inFlight()).isEqualTo(1);
        assertThat(api.post(h.port(), 0, 0)).isZero();

        int handled = 0;
        while (handled < 2) {
            handled += h.run(BLOCK);
        }
        assertThat(handle.events).hasSize(1);
        assertThat(handle.events.get(0).operation).isSameAs(op);
        assertThat(handle.events.get(0).bytes).isEqualTo(3);
        assertThat(registration.inFlight()).isZero();
        assertThat(api.closeFile(file)).isZero();
    }

    @Test
    void recordsOfAKnownKeyWithAnUnknownOperationAreDropped() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        TestHandle handle = new TestHandle();
        h.register(handle);
        assertThat(h.api().post(h.port(), handle.registration.key, 7)).isZero();
        assertThat(h.run(POLL)).isEqualTo(1);
        assertThat(handle.events).as("nothing reached the handle").isEmpty();
        assertThat(h.toString()).contains("registrations: 1");
    }

    @Test
    void registrationRules() throws IOException {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        TestHandle handle = new TestHandle();
        IoRegistration r = h.register(handle);
        IocpRegistration registration = handle.registration;
        assertThatThrownBy(() -> r.submit(null)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("started by the channel");

        long socket = h.api().socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM);
        emulator.failNextCall("associate", IocpApi.ERROR_INVALID_PARAMETER);
        assertThatThrownBy(() -> registration.associate(socket)).isInstanceOf(IOException.class)
                .hasMessage("CreateIoCompletionPort(..) failed: ERROR_INVALID_PARAMETER (87)");
        assertThat(registration.osHandle()).as("still unassociated").isZero();
        try {
            registration.associate(socket);
            assertThat(registration.osHandle()).isEqualTo(socket);
            assertThatThrownBy(() -> registration.associate(socket)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("already associated");
        } finally {
            h.api().closeSocket(socket);
        }

        emulator.failNextCall("newOperation", 8);
        assertThatThrownBy(registration::newOperation).isInstanceOf(OutOfMemoryError.class)
                .hasMessage("cannot allocate an OVERLAPPED block: error 8");

        assertThat(r.cancel()).isTrue();
        assertThat(handle.unregistered).as("nothing in flight: finished at once").isTrue();
        assertThatThrownBy(registration::newOperation).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registration cancelled");
    }

    @Test
    void aPortThatCannotBeCreatedFailsTheHandlerWithTheWindowsError() {
        IoHandlerFactory factory = IocpIoHandler.newFactory(new IocpIoHandlerConfig().emulated(true)
                .completionBatchSize(3));
        assertThat(factory.toString()).startsWith("IocpIoHandlerFactory(IocpIoHandlerConfig(completionBatchSize: 3");
        emulator.failNextCall("createPort", 8);
        assertThatThrownBy(() -> factory.newHandler(executor)).isInstanceOf(IllegalStateException.class)
                .hasMessage("CreateIoCompletionPort(..) failed: error (8)");
    }

    @Test
    void destroyClosesEveryHandleEvenIfOneThrowsAndRefusesLaterRegistrations() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig());
        TestHandle failing = new TestHandle();
        failing.throwOnClose = true;
        TestHandle other = new TestHandle();
        h.register(failing);
        h.register(other);
        long port = h.port();
        h.destroy();
        assertThat(failing.closed).isTrue();
        assertThat(other.closed).isTrue();
        assertThat(failing.unregistered).isTrue();
        assertThat(other.unregistered).isTrue();
        assertThat(h.api().post(port, 0, 0)).as("the port is closed").isEqualTo(IocpApi.ERROR_INVALID_PARAMETER);
        assertThatThrownBy(() -> h.register(new TestHandle())).isInstanceOf(IllegalStateException.class)
                .hasMessage("IocpIoHandler destroyed");
        h.destroy(); // a second destroy is a no-op
    }

    @Test
    void destroyFinishesARegistrationWhoseCancellationTheLoopRefused() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig().shutdownDrainMillis(10_000));
        TestHandle handle = new TestHandle();
        IoRegistration r = h.register(handle);
        executor.owner = null;
        executor.rejecting = true;
        assertThat(r.cancel()).as("cancelled from another thread while the loop shuts down").isTrue();
        assertThat(r.isValid()).isFalse();
        assertThat(handle.unregistered).as("its cancellation task was refused").isFalse();

        executor.owner = Thread.currentThread();
        long port = h.port();
        h.destroy();
        assertThat(handle.unregistered).isTrue();
        assertThat(h.api().post(port, 0, 0)).as("drained: the port is closed").isEqualTo(
                IocpApi.ERROR_INVALID_PARAMETER);
    }

    @Test
    void destroyLeaksBlocksStillInFlightAfterTheDrainButFreesTheOthers() {
        IocpIoHandler h = newHandler(new IocpIoHandlerConfig().shutdownDrainMillis(1));
        TestHandle handle = new TestHandle();
        h.register(handle);
        IocpRegistration registration = handle.registration;
        IocpOperation idle = registration.newOperation();
        IocpOperation stuck = registration.newOperation();
        long stuckBlock = stuck.handle;
        // in flight as far as the registration knows, on no handle: nothing will ever complete or cancel it
        registration.started(stuck, 0);
        long port = h.port();
        try {
            h.destroy();
            assertThat(handle.unregistered).isTrue();
            assertThat(idle.handle).as("freed").isZero();
            assertThat(stuck.handle).as("never freed under the kernel").isEqualTo(stuckBlock);
            assertThat(h.api().post(port, 0, 0)).as("the port stays open: the kernel may still write to it")
                    .isZero();
        } finally {
            h.api().closePort(port);
        }
    }
}
