/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * With auto-read off, an {@link IocpSocketChannel} keeps a zero-byte receive posted while no {@code read()} is
 * pending: data that arrives then is read ahead and handed over only by the next {@code read()}, and a FIN is seen
 * at once.
 */
class IocpSocketChannelReadAheadTest {

    private MultiThreadIoEventLoopGroup group;
    private Channel server;
    private Channel client;
    private Channel child;
    private Bootstrap bootstrap;
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CountDownLatch inputShutdown = new CountDownLatch(1);

    @BeforeEach
    void connect() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, IocpIoHandler.newFactory(IocpTestSupport.config()));
        server = new ServerBootstrap().group(group).channel(IocpServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        bootstrap = new Bootstrap().group(group).channel(IocpSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .handler(new Recorder());
        client = bootstrap.connect(server.localAddress()).sync().channel();
        child = accepted.poll(10, TimeUnit.SECONDS);
        // one read, so that the channel is idle afterwards with no read pending
        client.read();
        child.writeAndFlush(ascii("a")).sync();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("a");
    }

    /** Records what reaches the client channels (shared: one per test instance). */
    @ChannelHandler.Sharable
    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received.add(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                inputShutdown.countDown();
            }
        }
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close().syncUninterruptibly();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private int stashed() throws Exception {
        return client.eventLoop().submit(() -> ((IocpSocketChannel) client).stashedBytes()).get(10, TimeUnit.SECONDS);
    }

    /** Bounded wait (no timing assertion): until the read-ahead has taken the data in. */
    private void awaitStashed(int bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stashed() != bytes && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertThat(stashed()).isEqualTo(bytes);
    }

    @Test
    void dataArrivingWithoutAReadWaitsForTheNextRead() throws Exception {
        child.writeAndFlush(ascii("bc")).sync();
        awaitStashed(2);
        assertThat(received).isEmpty(); // nothing is delivered without a read()
        client.read();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("bc");
        assertThat(stashed()).isZero();
        // and reading goes on normally afterwards
        client.read();
        child.writeAndFlush(ascii("d")).sync();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("d");
    }

    @Test
    void peerFinIsSeenWithoutARead() throws Exception {
        ((SocketChannel) child).shutdownOutput().sync();
        assertThat(inputShutdown.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(((SocketChannel) client).isInputShutdown()).isTrue();
        assertThat(client.isActive()).isTrue(); // half-closed, not closed
    }

    @Test
    void peerFinIsSeenBeforeTheFirstRead() throws Exception {
        Channel other = bootstrap.connect(server.localAddress()).sync().channel();
        try {
            Channel otherChild = accepted.poll(10, TimeUnit.SECONDS);
            assertThat(otherChild).isNotNull();
            ((SocketChannel) otherChild).shutdownOutput().sync();
            assertThat(inputShutdown.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(((SocketChannel) other).isInputShutdown()).isTrue();
            assertThat(received).isEmpty();
        } finally {
            other.close().sync();
        }
    }

    @Test
    void acceptedChannelSeesPeerFinBeforeTheFirstRead() throws Exception {
        CountDownLatch childInputShutdown = new CountDownLatch(1);
        Channel other = new ServerBootstrap().group(group).channel(IocpServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt == ChannelInputShutdownEvent.INSTANCE) {
                            childInputShutdown.countDown();
                        }
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try (java.net.Socket peer = new java.net.Socket()) {
            peer.connect(other.localAddress(), 10_000);
            peer.shutdownOutput();
            assertThat(childInputShutdown.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            other.close().sync();
        }
    }

    @Test
    void peerResetWithoutAReadClosesTheChannel() throws Exception {
        child.config().setOption(ChannelOption.SO_LINGER, 0);
        child.close().sync();
        assertThat(client.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeReleasesDataReadAhead() throws Exception {
        child.writeAndFlush(ascii("ef")).sync();
        awaitStashed(2);
        client.close().sync();
        assertThat(stashed()).isZero();
        assertThat(received).isEmpty();
    }
}
