/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Channel lifetime edge cases. A channel deregistered while open keeps Java references to operation blocks its registration has freed; using
 * the channel afterwards must fail cleanly, never hand a freed block to the completion port (the C core would
 * abort the process on the freed block's guard canary; the emulator throws).
 */
class IocpChannelLifetimeTest {

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
    void writeAfterDeregistrationFailsWithoutTouchingFreedOperations() throws Exception {
        Channel ch = new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            InetSocketAddress self = (InetSocketAddress) ch.localAddress();
            // allocates the channel's send operation, which completes
            ch.writeAndFlush(new DatagramPacket(Unpooled.directBuffer().writeByte(1), self)).sync();
            // nothing in flight: the registration frees the operation at once, the channel stays open
            ch.deregister().sync();
            assertThat(ch.isOpen()).isTrue();
            ChannelFuture f = ch.writeAndFlush(new DatagramPacket(Unpooled.directBuffer().writeByte(2), self));
            assertThat(f.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(f.cause()).isInstanceOf(IOException.class).hasMessageContaining("ERROR_INVALID_PARAMETER");
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void closeAfterCloseForciblyClosesTheSocketOnce() throws Exception {
        Channel ch = new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        ch.eventLoop().submit(() -> ch.unsafe().closeForcibly()).sync();
        assertThat(ch.isOpen()).isFalse();
        ChannelFuture f = ch.close().await();
        assertThat(f.cause()).isNull();
    }
}
