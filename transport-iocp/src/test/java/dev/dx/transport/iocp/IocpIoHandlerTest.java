/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.transport.iocp.internal.IocpApi;
import dev.dx.transport.iocp.internal.SockAddr;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Registration, completion routing, cancellation and wake-up of {@link IocpIoHandler}. */
class IocpIoHandlerTest {

    private static MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A handle over a listening socket that records what reaches it. */
    static final class ListenerHandle implements IocpIoHandle {
        final List<Integer> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch completed = new CountDownLatch(1);
        final CountDownLatch unregistered = new CountDownLatch(1);
        IocpRegistration registration;
        long socket;
        long acceptSocket;
        IocpOperation op;

        @Override
        public void attach(IocpRegistration r) {
            registration = r;
        }

        @Override
        public void handle(IoRegistration r, IoEvent event) {
            IocpIoEvent e = (IocpIoEvent) event;
            assertThat(e.operation).isSameAs(op);
            errors.add(e.error);
            registration.api().closeSocket(acceptSocket);
            completed.countDown();
        }

        @Override
        public void unregistered() {
            unregistered.countDown();
        }

        @Override
        public void close() {
            registration.api().closeSocket(socket);
        }

        /** Listens on loopback and posts one AcceptEx. Runs on the event loop. */
        void listenAndAccept() throws Exception {
            IocpApi api = registration.api();
            socket = api.socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM);
            assertThat(api.bind(socket, SockAddr.encode(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))))
                    .isZero();
            assertThat(api.listen(socket, 4)).isZero();
            registration.associate(socket);
            acceptSocket = api.socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM);
            op = registration.newOperation();
            assertThat(registration.started(op, api.accept(socket, acceptSocket, op.handle))).isZero();
        }
    }

    @Test
    void cancelAbortsInFlightOperationsAndUnregistersOnlyAfterTheirCompletions() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        ListenerHandle handle = new ListenerHandle();
        IoRegistration registration = loop.register(handle).sync().getNow();
        CompletableFuture<Integer> inFlight = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                handle.listenAndAccept();
                inFlight.complete(handle.registration.inFlight());
            } catch (Throwable t) {
                inFlight.completeExceptionally(t);
            }
        });
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(registration.isValid()).isTrue();

        assertThat(registration.cancel()).isTrue();
        assertThat(registration.isValid()).isFalse();
        assertThat(registration.cancel()).isFalse();
        assertThat(handle.completed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handle.errors).containsExactly(IocpApi.ERROR_OPERATION_ABORTED);
        assertThat(handle.unregistered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> after = new CompletableFuture<>();
        loop.execute(() -> after.complete(handle.registration.inFlight()));
        assertThat(after.get(10, TimeUnit.SECONDS)).isZero();
        if (IocpTestSupport.emulated()) {
            // the block was freed after its aborted completion: the emulator refuses to free it again (the native
            // side would abort the process on the stale canary, so this is checked on the emulator only)
            long opHandle = handle.op.handle;
            assertThatThrownBy(() -> handle.registration.api().freeOperation(opHandle))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown or already freed");
        }
        handle.close();
    }

    @Test
    void completionsForUnknownKeysAreDroppedAndTheLoopKeepsRunning() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        CompletableFuture<IocpIoHandler> handler = new CompletableFuture<>();
        ListenerHandle probe = new ListenerHandle();
        IoRegistration r = loop.register(probe).sync().getNow();
        loop.execute(() -> handler.complete(probe.registration.handler()));
        IocpIoHandler h = handler.get(10, TimeUnit.SECONDS);
        assertThat(h.api().post(h.port(), 987_654_321L, 1)).isZero();
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        r.cancel();
        assertThat(probe.unregistered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void wakeupFromAnotherThreadRunsTasksAndScheduledTasksWhileBlocked() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        for (int i = 0; i < 50; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            loop.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
        CountDownLatch scheduled = new CountDownLatch(1);
        loop.schedule(scheduled::countDown, 20, TimeUnit.MILLISECONDS);
        assertThat(scheduled.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void onlyIocpHandlesAreCompatible() {
        IoEventLoop loop = (IoEventLoop) group.next();
        assertThat(loop.isCompatible(ListenerHandle.class)).isTrue();
        assertThat(loop.isCompatible(io.netty.channel.IoHandle.class)).isFalse();
    }
}
