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
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link IocpSocketChannel} off the testsuite's paths: connection attempts that stay pending (a second connect, a
 * close, the connect timeout), each socket call failing (injected through the emulator: ConnectEx, the context
 * update, WSARecv, the non-blocking recv of a read loop, WSASend, shutdown), the messages it refuses or skips, heap
 * receive buffers and an IPv6 socket connecting to an IPv4 address.
 */
@Timeout(30)
class IocpSocketChannelEdgeTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Never answered while the emulator's hook is set (see {@link #unanswered()}). */
    private static final InetSocketAddress BLACK_HOLE = new InetSocketAddress(LOOPBACK, 9);
    private static MultiThreadIoEventLoopGroup group;
    private ServerSocket peer;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void listen() throws IOException {
        peer = new ServerSocket(0, 50, LOOPBACK);
        peer.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws Exception {
        peer.close();
        if (IocpTestSupport.emulated()) {
            EmulatedIocpApi.instance().answerConnects(BLACK_HOLE);
            IocpDatagramChannelEdgeTest.disarm(group);
        }
    }

    private void unanswered() {
        assumeTrue(IocpTestSupport.emulated(), "the emulator leaves the connection attempt unanswered");
        EmulatedIocpApi.instance().leaveConnectsUnanswered(BLACK_HOLE);
    }

    private static void emulatedOnly() {
        assumeTrue(IocpTestSupport.emulated(), "the failure is injected through the emulator");
    }

    private static Bootstrap bootstrap(RecordingHandler recorder) {
        return new Bootstrap().group(group).channel(IocpSocketChannel.class).handler(recorder);
    }

    private IocpSocketChannel registered(RecordingHandler recorder) throws InterruptedException {
        return (IocpSocketChannel) bootstrap(recorder).register().sync().channel();
    }

    private static ByteBuf direct(String text) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
    }

    @Test
    void aSecondConnectWhileOneIsPendingAndACloseFailTheirPromises() throws Exception {
        unanswered();
        IocpSocketChannel ch = registered(new RecordingHandler());
        CompletableFuture<ChannelFuture[]> both = new CompletableFuture<>();
        ch.eventLoop().execute(() -> {
            ChannelFuture first = ch.connect(BLACK_HOLE);
            ChannelFuture second = ch.connect(BLACK_HOLE);
            both.complete(new ChannelFuture[] {first, second});
        });
        ChannelFuture[] f = both.get(10, TimeUnit.SECONDS);
        assertThat(f[1].awaitUninterruptibly().cause()).isInstanceOf(ConnectionPendingException.class);
        assertThat(f[0].isDone()).as("the first attempt is still pending").isFalse();
        ch.close().sync();
        assertThat(f[0].awaitUninterruptibly().cause()).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aConnectionAttemptThatIsNeverAnsweredTimesOutAndClosesTheChannel() throws Exception {
        unanswered();
        IocpSocketChannel ch = (IocpSocketChannel) bootstrap(new RecordingHandler())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 100).register().sync().channel();
        // straight to the channel: Bootstrap.connect would close it on failure by itself
        ChannelFuture f = ch.connect(BLACK_HOLE);
        assertThat(f.awaitUninterruptibly().cause()).isInstanceOf(ConnectTimeoutException.class)
                .hasMessage("connection timed out after 100 ms: " + BLACK_HOLE);
        assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void failedConnectionAttemptsFailThePromiseAndCloseTheChannel() throws Exception {
        IocpSocketChannel unresolved = registered(new RecordingHandler());
        assertThat(unresolved.connect(InetSocketAddress.createUnresolved("x.invalid", 80)).awaitUninterruptibly()
                .cause()).isInstanceOf(UnknownHostException.class);
        assertThat(unresolved.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();

        emulatedOnly();
        IocpSocketChannel ch = registered(new RecordingHandler());
        arm(ch, "connect", IocpApi.WSAEADDRNOTAVAIL);
        assertThat(ch.connect(peer.getLocalSocketAddress()).awaitUninterruptibly().cause())
                .isInstanceOf(IOException.class).hasMessageStartingWith("ConnectEx(..) failed: WSAEADDRNOTAVAIL (10049)");
        assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();

        IocpSocketChannel noContext = registered(new RecordingHandler());
        arm(noContext, "updateConnectContext", IocpApi.WSAENOTCONN);
        assertThat(noContext.connect(peer.getLocalSocketAddress()).awaitUninterruptibly().cause())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("SO_UPDATE_CONNECT_CONTEXT(..) failed: WSAENOTCONN (10057)");
        assertThat(noContext.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(noContext.isActive()).isFalse();
        peer.accept().close();
    }

    @Test
    void anIpv6SocketReachesAnIpv4PeerThroughTheMappedAddress() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpSocketChannel ch = (IocpSocketChannel) bootstrap(recorder)
                .connect(peer.getLocalSocketAddress(), new InetSocketAddress(InetAddress.getByName("::"), 0)).sync()
                .channel();
        try (Socket s = peer.accept()) {
            assertThat(ch.family).isEqualTo(IocpApi.FAMILY_IPV6);
            ch.writeAndFlush(direct("over v6")).sync();
            assertThat(read(s.getInputStream(), 7)).isEqualTo("over v6");
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aSendThatCannotBePostedFailsItsWritesReleasesThemAndClosesTheChannel() throws Exception {
        emulatedOnly();
        RecordingHandler recorder = new RecordingHandler();
        IocpSocketChannel ch = (IocpSocketChannel) bootstrap(recorder).connect(peer.getLocalSocketAddress()).sync()
                .channel();
        try (Socket s = peer.accept()) {
            arm(ch, "send", IocpApi.WSAECONNRESET);
            ByteBuf a = direct("a");
            ByteBuf b = direct("b");
            ChannelFuture fa = ch.write(a);
            ChannelFuture fb = ch.writeAndFlush(b);
            assertThat(fa.awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                    .hasMessage("WSASend(..) failed: WSAECONNRESET (10054): Connection reset by peer");
            assertThat(fb.awaitUninterruptibly().isSuccess()).isFalse();
            assertThat(a.refCnt()).isZero();
            assertThat(b.refCnt()).isZero();
            assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aReceiveThatCannotBePostedClosesTheChannel() throws Exception {
        emulatedOnly();
        for (boolean autoRead : new boolean[] {true, false}) {
            RecordingHandler recorder = new RecordingHandler();
            IocpSocketChannel ch = (IocpSocketChannel) bootstrap(recorder).option(ChannelOption.AUTO_READ, autoRead)
                    .register().sync().channel();
            arm(ch, "recv", IocpApi.WSAENOTSOCK);
            ch.connect(peer.getLocalSocketAddress()).sync();
            peer.accept().close();
            assertThat(recorder.exceptions.poll(10, TimeUnit.SECONDS)).as("auto-read %s", autoRead)
                    .isInstanceOf(IOException.class).hasMessage("WSARecv(..) failed: WSAENOTSOCK (10038)");
            assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFailingNonBlockingReceiveEndsTheReadLoopAndClosesTheChannel() throws Exception {
        emulatedOnly();
        assumeTrue(IocpTestSupport.batchesReads(), "read loops continue with non-blocking receives");
        RecordingHandler recorder = new RecordingHandler();
        IocpSocketChannel ch = (IocpSocketChannel) bootstrap(recorder)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(4).maxMessagesPerRead(16))
                .connect(peer.getLocalSocketAddress()).sync().channel();
        try (Socket s = peer.accept()) {
            arm(ch, "tryRecv", IocpApi.WSAECONNABORTED);
            s.getOutputStream().write("0123456789".getBytes(StandardCharsets.US_ASCII));
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).as("the overlapped receive's bytes")
                    .isEqualTo("0123");
            assertThat(recorder.exceptions.poll(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessage("recv(..) failed: WSAECONNABORTED (10053): Connection reset by peer");
            assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void halfClosingBothWaysAndItsFailures() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpSocketChannel ch = (IocpSocketChannel) bootstrap(recorder)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true).connect(peer.getLocalSocketAddress()).sync().channel();
        try (Socket s = peer.accept()) {
            assertThat(ch.isShutdown()).isFalse();
            ch.shutdown().sync();
            assertThat(ch.isInputShutdown()).isTrue();
            assertThat(ch.isOutputShutdown()).isTrue();
            assertThat(ch.isShutdown()).isTrue();
            assertThat(s.getInputStream().read()).as("FIN").isEqualTo(-1);
            assertThat(ch.isOpen()).isTrue();
            assertThat(ch.shutdownInput().sync().isSuccess()).as("again: nothing to do").isTrue();
        } finally {
            ch.close().sync();
        }
        assertThat(ch.shutdownInput().awaitUninterruptibly().cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(ch.isShutdown()).as("closed").isTrue();

        emulatedOnly();
        IocpSocketChannel failing = (IocpSocketChannel) bootstrap(recorder)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true).connect(peer.getLocalSocketAddress()).sync().channel();
        try (Socket s = peer.accept()) {
            arm(failing, "shutdown", IocpApi.WSAENOTCONN);
            assertThat(failing.shutdownInput().awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                    .hasMessage("shutdown(..) failed: WSAENOTCONN (10057)");
            assertThat(failing.isInputShutdown()).isFalse();
            arm(failing, "shutdown", IocpApi.WSAENOTCONN);
            ChannelPromise both = failing.newPromise();
            failing.shutdown(both);
            assertThat(both.awaitUninterruptibly().cause()).as("the output side failed")
                    .hasMessage("shutdown(..) failed: WSAENOTCONN (10057)");
            assertThat(armed(failing)).isEmpty();
        } finally {
            failing.close().sync();
        }
    }

    @Test
    void stringsAreRefusedEmptyBuffersSkippedAndHeapReceiveBuffersReplaced() throws Exception {
        RecordingHandler recorder = new RecordingHandler();
        IocpSocketChannel ch = (IocpSocketChannel) bootstrap(recorder)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new HeapRecvByteBufAllocator(64))
                .connect(peer.getLocalSocketAddress()).sync().channel();
        try (Socket s = peer.accept()) {
            assertThat(ch.writeAndFlush("text").awaitUninterruptibly().cause())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("unsupported message type: java.lang.String (expected: ByteBuf)");
            ByteBuf empty = PooledByteBufAllocator.DEFAULT.directBuffer(8);
            ch.write(empty);
            ch.writeAndFlush(direct("after")).sync();
            assertThat(empty.refCnt()).as("skipped and released").isZero();
            assertThat(read(s.getInputStream(), 5)).isEqualTo("after");
            s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(recorder.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(recorder.exceptions).isEmpty();
        } finally {
            ch.close().sync();
        }
    }
}
