/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A socket connected by ConnectEx or filled by AcceptEx is usable on Windows only after
 * {@code SO_UPDATE_CONNECT_CONTEXT} / {@code SO_UPDATE_ACCEPT_CONTEXT}: before, {@code getsockname},
 * {@code getpeername} and {@code shutdown} fail with {@code WSAENOTCONN}. The emulator enforces the same, so these
 * tests fail if a channel skips the update.
 */
@Timeout(30)
class IocpConnectionContextTest {

    private MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void anAcceptedChannelKnowsBothAddressesAndCanShutDownItsOutput() throws Exception {
        BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
        Channel server = new ServerBootstrap().group(group).channel(IocpServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.add(ch);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try (Socket peer = new Socket()) {
            peer.setSoTimeout(10_000);
            peer.connect(server.localAddress());
            IocpSocketChannel child = (IocpSocketChannel) accepted.poll(10, TimeUnit.SECONDS);
            assertThat(child).isNotNull();
            assertThat(child.remoteAddress()).isEqualTo(peer.getLocalSocketAddress());
            assertThat(child.localAddress()).isEqualTo(server.localAddress());

            ChannelFuture shutdown = child.shutdownOutput();
            assertThat(shutdown.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(shutdown.cause()).as("shutdown(SD_SEND)").isNull();
            InputStream in = peer.getInputStream();
            assertThat(in.read()).as("the peer sees the FIN").isEqualTo(-1);
            child.close().sync();
        } finally {
            server.close().sync();
        }
    }

    @Test
    void aConnectedChannelKnowsBothAddressesAndCanShutDownItsOutput() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IocpSocketChannel client = (IocpSocketChannel) new Bootstrap().group(group)
                    .channel(IocpSocketChannel.class).handler(new RecordingHandler())
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(10_000);
                assertThat(client.localAddress()).as("getsockname after ConnectEx")
                        .isEqualTo(peer.getRemoteSocketAddress());
                assertThat(client.remoteAddress()).isEqualTo(peer.getLocalSocketAddress());

                ChannelFuture shutdown = client.shutdownOutput();
                assertThat(shutdown.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(shutdown.cause()).as("shutdown(SD_SEND)").isNull();
                assertThat(peer.getInputStream().read()).as("the peer sees the FIN").isEqualTo(-1);
            } finally {
                client.close().sync();
            }
        }
    }
}
