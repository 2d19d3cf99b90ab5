/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static dev.dx.transport.iocp.IocpDatagramChannelEdgeTest.arm;
import static dev.dx.transport.iocp.IocpDatagramChannelEdgeTest.armed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link IocpServerSocketChannel} off the testsuite's paths: accepts that complete while no {@code read()} is
 * pending wait in a queue (handed out by the next {@code read()}, closed with the listener), failures of
 * {@code listen}, of the accept socket, of {@code AcceptEx} and of the accept context update (injected through the
 * emulator), and the operations a listener refuses.
 */
@Timeout(30)
class IocpServerSocketChannelEdgeTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Records the accepted children (their channelActive). */
    static final class Children extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Channel> active = new LinkedBlockingQueue<>();

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active.add(ctx.channel());
            ctx.fireChannelActive();
        }
    }

    /** Records the exceptions that reach the listener's pipeline; passes accepted children on. */
    static final class Failures extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Throwable> exceptions = new LinkedBlockingQueue<>();

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }
    }

    @AfterEach
    void disarmLeftovers() throws Exception {
        if (IocpTestSupport.emulated()) {
            IocpDatagramChannelEdgeTest.disarm(group);
        }
    }

    private static ServerBootstrap bootstrap(Failures recorder, Children children) {
        return new ServerBootstrap().group(group).channel(IocpServerSocketChannel.class).handler(recorder)
                .childHandler(children);
    }

    /** Waits until the listener has exactly {@code n} accepts in flight (checked on its event loop). */
    private static void awaitAcceptsInFlight(IocpServerSocketChannel server, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.eventLoop().submit(() -> server.registration.inFlight()).get() != n) {
            assertThat(System.nanoTime() - deadline).as("accepts in flight: %d", n).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void acceptsThatCompleteWithoutAReadWaitForTheNextReadOrCloseWithTheListener() throws Exception {
        Failures recorder = new Failures();
        Children children = new Children();
        IocpServerSocketChannel server = (IocpServerSocketChannel) bootstrap(recorder, children)
                .option(ChannelOption.AUTO_READ, false).option(IocpChannelOption.PENDING_ACCEPTS, 2).bind(LOOPBACK)
                .sync().channel();
        try (Socket a = new Socket(); Socket b = new Socket(); Socket c = new Socket()) {
            server.read();
            awaitAcceptsInFlight(server, 2);
            a.connect(server.localAddress(), 10_000);
            assertThat(children.active.poll(10, TimeUnit.SECONDS)).as("a: the read's accept").isNotNull();
            b.connect(server.localAddress(), 10_000);
            awaitAcceptsInFlight(server, 0);
            assertThat(children.active.poll(200, TimeUnit.MILLISECONDS)).as("b waits for a read()").isNull();

            server.read();
            Channel second = children.active.poll(10, TimeUnit.SECONDS);
            assertThat(second).as("b, handed out by read()").isNotNull();
            assertThat(((InetSocketAddress) second.remoteAddress()).getPort()).isEqualTo(b.getLocalPort());

            awaitAcceptsInFlight(server, 2);
            c.connect(server.localAddress(), 10_000);
            awaitAcceptsInFlight(server, 1);
            server.close().sync();
            c.setSoTimeout(10_000);
            assertThat(c.getInputStream().read()).as("c, queued, is closed with the listener").isEqualTo(-1);
            assertThat(children.active).isEmpty();
            assertThat(recorder.exceptions).isEmpty();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void listenerOperationsThatDoNotExistFail() throws Exception {
        IocpServerSocketChannel server = (IocpServerSocketChannel) bootstrap(new Failures(), new Children())
                .bind(LOOPBACK).sync().channel();
        try {
            assertThat(server.remoteAddress()).isNull();
            assertThat(server.writeAndFlush(PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(1))
                    .awaitUninterruptibly().cause()).isInstanceOf(UnsupportedOperationException.class);
            assertThat(server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))
                    .awaitUninterruptibly().cause()).isInstanceOf(UnsupportedOperationException.class);
            assertThat(server.isActive()).isTrue();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void aListenThatFailsFailsTheBind() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failure is injected through the emulator");
        IocpServerSocketChannel server = (IocpServerSocketChannel) bootstrap(new Failures(), new Children())
                .register().sync().channel();
        try {
            arm(server, "listen", IocpApi.WSAEADDRINUSE);
            assertThat(server.bind(LOOPBACK).awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                    .hasMessage("listen(..) failed: WSAEADDRINUSE (10048)");
            assertThat(server.isActive()).isFalse();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void acceptFailuresAreReportedAndAcceptingGoesOn() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failures are injected through the emulator");
        Failures recorder = new Failures();
        Children children = new Children();
        IocpServerSocketChannel server = (IocpServerSocketChannel) bootstrap(recorder, children)
                .option(ChannelOption.AUTO_READ, false).option(IocpChannelOption.PENDING_ACCEPTS, 1).bind(LOOPBACK)
                .sync().channel();
        EmulatedIocpApi emulator = EmulatedIocpApi.instance();
        try {
            int open = emulator.openSockets();
            arm(server, "socket", 10055 /* WSAENOBUFS */);
            server.read();
            assertThat(recorder.exceptions.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessage("WSASocket(..) failed: error (10055)");

            arm(server, "accept", IocpApi.WSAEINVAL);
            server.read();
            assertThat(recorder.exceptions.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessage("AcceptEx(..) failed: WSAEINVAL (10022)");
            assertThat(armed(server)).isEmpty();
            assertThat(emulator.openSockets()).as("the accept socket of the failed AcceptEx was closed")
                    .isEqualTo(open);

            arm(server, "updateAcceptContext", IocpApi.WSAEINVAL);
            server.read();
            awaitAcceptsInFlight(server, 1);
            try (Socket refused = new Socket()) {
                refused.connect(server.localAddress(), 10_000);
                assertThat(recorder.exceptions.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                        .hasMessage("SO_UPDATE_ACCEPT_CONTEXT(..) failed: WSAEINVAL (10022)");
                refused.setSoTimeout(10_000);
                assertThat(refused.getInputStream().read()).as("its socket was closed").isEqualTo(-1);
            }

            server.read();
            try (Socket accepted = new Socket()) {
                accepted.connect(server.localAddress(), 10_000);
                assertThat(children.active.poll(10, TimeUnit.SECONDS)).as("accepting goes on").isNotNull();
            }
        } finally {
            server.close().sync();
        }
    }

    @Test
    void aDeregisteredListenerStopsAcceptingAndItsAbortedAcceptsAreNotPostedAgain() throws Exception {
        Children children = new Children();
        IocpServerSocketChannel server = (IocpServerSocketChannel) bootstrap(new Failures(), children)
                .option(IocpChannelOption.PENDING_ACCEPTS, 3).bind(LOOPBACK).sync().channel();
        try {
            awaitAcceptsInFlight(server, 3);
            IocpRegistration registration = server.registration;
            server.deregister().sync();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.eventLoop().submit(registration::inFlight).get() != 0) {
                assertThat(System.nanoTime() - deadline).as("the cancelled accepts come back and stay back")
                        .isNegative();
                Thread.sleep(5);
            }
            try (Socket late = new Socket()) {
                late.connect(server.localAddress(), 10_000); // the kernel's backlog still takes it
                assertThat(children.active.poll(300, TimeUnit.MILLISECONDS)).as("no accept on a deregistered listener")
                        .isNull();
            }
        } finally {
            server.close().sync();
        }
    }
}
