/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The three channel configs share their socket-option code ({@link AbstractIocpChannelConfig}): each exposes its
 * own set of options through {@code getOption}/{@code setOption}/{@code getOptions} and its typed accessors, with the
 * same values either way; values set before the socket exists are remembered, and reach the socket once it does.
 */
@Timeout(30)
class IocpChannelConfigTest {

    @Test
    void socketChannelOptionsBeforeTheSocketExists() {
        IocpSocketChannelConfig c = new IocpSocketChannel().config();
        assertThat(c.getOptions()).containsEntry(ChannelOption.TCP_NODELAY, true)
                .containsEntry(ChannelOption.SO_LINGER, -1).containsEntry(ChannelOption.SO_RCVBUF, 65536)
                .containsEntry(ChannelOption.SO_SNDBUF, 65536).containsEntry(ChannelOption.SO_KEEPALIVE, false)
                .containsEntry(ChannelOption.SO_REUSEADDR, false).containsEntry(ChannelOption.IP_TOS, 0)
                .containsEntry(ChannelOption.ALLOW_HALF_CLOSURE, false)
                .doesNotContainKey(ChannelOption.SO_BROADCAST).doesNotContainKey(ChannelOption.SO_BACKLOG);

        assertThat(c.setOption(ChannelOption.SO_RCVBUF, 4096)).isTrue();
        assertThat(c.getReceiveBufferSize()).isEqualTo(4096);
        c.setKeepAlive(true).setTcpNoDelay(false).setSoLinger(-5).setTrafficClass(0x10).setSendBufferSize(8192);
        assertThat(c.getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
        assertThat(c.getOption(ChannelOption.TCP_NODELAY)).isFalse();
        assertThat(c.getOption(ChannelOption.SO_LINGER)).as("every negative linger is off").isEqualTo(-1);
        assertThat(c.getOption(ChannelOption.IP_TOS)).isEqualTo(0x10);
        assertThat(c.getOption(ChannelOption.SO_SNDBUF)).isEqualTo(8192);
        assertThat(c.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true)).isTrue();
        assertThat(c.isAllowHalfClosure()).isTrue();
        assertThat(c.setOption(ChannelOption.SO_BROADCAST, true)).as("not a TCP option").isFalse();
        assertThatThrownBy(() -> c.setOption(ChannelOption.SO_RCVBUF, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void datagramChannelOptionsBeforeTheSocketExists() {
        IocpDatagramChannelConfig c = new IocpDatagramChannel().config();
        assertThat(c.getOptions()).containsEntry(ChannelOption.SO_BROADCAST, false)
                .containsEntry(ChannelOption.SO_RCVBUF, 65536).containsEntry(ChannelOption.SO_SNDBUF, 65536)
                .containsEntry(ChannelOption.SO_REUSEADDR, false).containsEntry(ChannelOption.IP_TOS, 0)
                .containsEntry(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, false)
                .doesNotContainKey(ChannelOption.TCP_NODELAY);
        assertThat(c.setOption(ChannelOption.SO_BROADCAST, true)).isTrue();
        assertThat(c.isBroadcast()).isTrue();
        c.setReuseAddress(true).setReceiveBufferSize(1234);
        assertThat(c.getOption(ChannelOption.SO_REUSEADDR)).isTrue();
        assertThat(c.getOption(ChannelOption.SO_RCVBUF)).isEqualTo(1234);
        assertThat(c.setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)).isTrue();
        assertThat(c.getOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION)).isTrue();
        assertThat(c.setOption(ChannelOption.TCP_NODELAY, true)).as("not a UDP option").isFalse();
    }

    @Test
    void serverChannelOptionsBeforeTheSocketExists() {
        IocpServerSocketChannelConfig c = new IocpServerSocketChannel().config();
        assertThat(c.getOptions()).containsEntry(ChannelOption.SO_RCVBUF, 65536)
                .containsEntry(ChannelOption.SO_REUSEADDR, false).containsEntry(ChannelOption.SO_BACKLOG, 128)
                .containsEntry(IocpChannelOption.PENDING_ACCEPTS, 0)
                .containsEntry(IocpChannelOption.SO_EXCLUSIVEADDRUSE, false)
                .doesNotContainKey(ChannelOption.SO_SNDBUF);
        assertThat(c.setOption(IocpChannelOption.SO_EXCLUSIVEADDRUSE, true)).isTrue();
        assertThat(c.getOption(IocpChannelOption.SO_EXCLUSIVEADDRUSE)).isTrue();
        assertThat(c.setOption(ChannelOption.SO_BACKLOG, 7)).isTrue();
        assertThat(c.getBacklog()).isEqualTo(7);
        assertThat(c.setOption(IocpChannelOption.PENDING_ACCEPTS, 3)).isTrue();
        assertThat(c.getPendingAccepts()).isEqualTo(3);
        assertThatThrownBy(() -> c.setOption(IocpChannelOption.PENDING_ACCEPTS, 2000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingAccepts");
        c.setReuseAddress(true);
        assertThat(c.getOption(ChannelOption.SO_REUSEADDR)).isTrue();
    }

    @Test
    void rememberedOptionsReachTheSocketAndAreReadBackFromIt() throws Exception {
        MultiThreadIoEventLoopGroup group =
                new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
        try {
            Channel ch = new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                    .option(ChannelOption.SO_BROADCAST, true)
                    .handler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            IocpDatagramChannel datagram = (IocpDatagramChannel) ch;
            int[] out = new int[1];
            int err = ch.eventLoop().submit(() -> datagram.api.getOption(datagram.socket,
                    dev.dx.transport.iocp.internal.IocpApi.OPT_SO_BROADCAST, out)).get();
            assertThat(err).isZero();
            assertThat(out[0]).as("SO_BROADCAST on the socket").isEqualTo(1);
            ((IocpDatagramChannelConfig) ch.config()).setBroadcast(false);
            assertThat(ch.config().getOption(ChannelOption.SO_BROADCAST)).isFalse();
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
