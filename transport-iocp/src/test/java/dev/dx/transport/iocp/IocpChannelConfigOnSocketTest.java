/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The typed accessors of the three channel configs on channels whose socket exists: a setter reaches the socket
 * (read back from it with {@code getsockopt}), returns the same config for chaining, and a socket that refuses an
 * option makes the setter — or the bind that applies remembered options — fail with the Windows error. Also the
 * multicast accessors of the datagram config, which the transport does not support.
 */
@Timeout(30)
class IocpChannelConfigOnSocketTest {

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

    /** The option's value as the socket reports it. */
    private static int onSocket(AbstractIocpChannel ch, int option) throws Exception {
        int[] out = new int[1];
        int err = ch.eventLoop().submit(() -> ch.api.getOption(ch.socket, option, out)).get();
        assertThat(err).isZero();
        return out[0];
    }

    @Test
    void socketChannelSettersReachTheSocketAndChain() throws Exception {
        IocpSocketChannel ch = (IocpSocketChannel) new Bootstrap().group(group).channel(IocpSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(LOOPBACK).sync().channel();
        try {
            assertThat(ch.localAddress().getPort()).as("bound before any connect").isPositive();
            IocpSocketChannelConfig c = ch.config();
            assertThat(c.isTcpNoDelay()).as("on by default, on the socket too").isTrue();
            assertThat(onSocket(ch, IocpApi.OPT_TCP_NODELAY)).isEqualTo(1);
            assertThat(c.setTcpNoDelay(false).setKeepAlive(true).setSoLinger(3).setReuseAddress(true)
                    .setSendBufferSize(32 * 1024).setReceiveBufferSize(16 * 1024).setTrafficClass(0x20)
                    .setPerformancePreferences(0, 1, 2)).isSameAs(c);
            assertThat(onSocket(ch, IocpApi.OPT_TCP_NODELAY)).isZero();
            assertThat(onSocket(ch, IocpApi.OPT_SO_KEEPALIVE)).isEqualTo(1);
            assertThat(onSocket(ch, IocpApi.OPT_SO_LINGER)).isEqualTo(3);
            assertThat(onSocket(ch, IocpApi.OPT_SO_REUSEADDR)).isEqualTo(1);
            assertThat(c.isTcpNoDelay()).isFalse();
            assertThat(c.isKeepAlive()).isTrue();
            assertThat(c.getSoLinger()).isEqualTo(3);
            assertThat(c.isReuseAddress()).isTrue();
            if (IocpTestSupport.emulated()) {
                assertThat(c.getTrafficClass()).isEqualTo(0x20); // Windows may ignore IP_TOS (QoS decides)
            }
            // the kernel may round buffer sizes up (Linux doubles them), never down
            assertThat(c.getSendBufferSize()).isGreaterThanOrEqualTo(32 * 1024);
            assertThat(c.getReceiveBufferSize()).isGreaterThanOrEqualTo(16 * 1024);

            WriteBufferWaterMark marks = new WriteBufferWaterMark(1024, 4096);
            MessageSizeEstimator estimator = new DefaultMessageSizeEstimator(7);
            FixedRecvByteBufAllocator recv = new FixedRecvByteBufAllocator(2048);
            assertThat(c.setConnectTimeoutMillis(1234).setWriteSpinCount(3).setAllocator(PooledByteBufAllocator.DEFAULT)
                    .setRecvByteBufAllocator(recv).setAutoRead(true).setAutoClose(false).setWriteBufferWaterMark(marks)
                    .setMessageSizeEstimator(estimator).setAllowHalfClosure(true)).isSameAs(c);
            assertThat(c.setWriteBufferHighWaterMark(8192).setWriteBufferLowWaterMark(2048)).isSameAs(c);
            @SuppressWarnings("deprecation")
            IocpSocketChannelConfig same = c.setMaxMessagesPerRead(4);
            assertThat(same).isSameAs(c);
            assertThat(c.getConnectTimeoutMillis()).isEqualTo(1234);
            assertThat(c.getWriteSpinCount()).isEqualTo(3);
            assertThat(c.isAutoClose()).isFalse();
            assertThat(c.getWriteBufferHighWaterMark()).isEqualTo(8192);
            assertThat(c.getWriteBufferLowWaterMark()).isEqualTo(2048);
            assertThat(c.getMessageSizeEstimator()).isSameAs(estimator);
            assertThat(c.isAllowHalfClosure()).isTrue();
        } finally {
            ch.close().sync();
        }
        assertThat(ch.config().getSoLinger()).as("after close: the remembered value").isEqualTo(3);
    }

    @Test
    void serverChannelSettersReachTheSocketAndChain() throws Exception {
        IocpServerSocketChannel ch = (IocpServerSocketChannel) new ServerBootstrap().group(group)
                .channel(IocpServerSocketChannel.class).childHandler(new ChannelInboundHandlerAdapter())
                .bind(LOOPBACK).sync().channel();
        try {
            IocpServerSocketChannelConfig c = ch.config();
            assertThat(c.setReuseAddress(true).setReceiveBufferSize(16 * 1024).setPerformancePreferences(0, 1, 2))
                    .isSameAs(c);
            assertThat(onSocket(ch, IocpApi.OPT_SO_REUSEADDR)).isEqualTo(1);
            assertThat(c.isReuseAddress()).isTrue();
            assertThat(c.getReceiveBufferSize()).isGreaterThanOrEqualTo(16 * 1024);
            WriteBufferWaterMark marks = new WriteBufferWaterMark(1024, 4096);
            MessageSizeEstimator estimator = new DefaultMessageSizeEstimator(7);
            assertThat(c.setConnectTimeoutMillis(1234).setWriteSpinCount(3).setAllocator(PooledByteBufAllocator.DEFAULT)
                    .setRecvByteBufAllocator(new FixedRecvByteBufAllocator(2048)).setAutoRead(true)
                    .setWriteBufferWaterMark(marks).setMessageSizeEstimator(estimator)).isSameAs(c);
            assertThat(c.setWriteBufferHighWaterMark(8192).setWriteBufferLowWaterMark(2048)).isSameAs(c);
            @SuppressWarnings("deprecation")
            IocpServerSocketChannelConfig same = c.setMaxMessagesPerRead(4);
            assertThat(same).isSameAs(c);
            assertThat(c.getConnectTimeoutMillis()).isEqualTo(1234);
            assertThat(c.getWriteSpinCount()).isEqualTo(3);
            assertThat(c.getWriteBufferHighWaterMark()).isEqualTo(8192);
            assertThat(c.getWriteBufferLowWaterMark()).isEqualTo(2048);
            assertThat(c.getMessageSizeEstimator()).isSameAs(estimator);
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void datagramChannelSettersReachTheSocketAndChain() throws Exception {
        IocpDatagramChannel ch = (IocpDatagramChannel) new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(LOOPBACK).sync().channel();
        try {
            IocpDatagramChannelConfig c = ch.config();
            assertThat(c.setSendBufferSize(32 * 1024).setReceiveBufferSize(16 * 1024).setTrafficClass(0x20)
                    .setReuseAddress(true).setBroadcast(true)).isSameAs(c);
            assertThat(onSocket(ch, IocpApi.OPT_SO_BROADCAST)).isEqualTo(1);
            assertThat(onSocket(ch, IocpApi.OPT_SO_REUSEADDR)).isEqualTo(1);
            assertThat(c.getSendBufferSize()).isGreaterThanOrEqualTo(32 * 1024);
            assertThat(c.getReceiveBufferSize()).isGreaterThanOrEqualTo(16 * 1024);
            if (IocpTestSupport.emulated()) {
                assertThat(c.getTrafficClass()).isEqualTo(0x20); // Windows may ignore IP_TOS (QoS decides)
            }
            assertThat(c.isReuseAddress()).isTrue();
            WriteBufferWaterMark marks = new WriteBufferWaterMark(1024, 4096);
            MessageSizeEstimator estimator = new DefaultMessageSizeEstimator(7);
            assertThat(c.setConnectTimeoutMillis(1234).setWriteSpinCount(3).setAllocator(PooledByteBufAllocator.DEFAULT)
                    .setRecvByteBufAllocator(new FixedRecvByteBufAllocator(2048)).setAutoRead(true).setAutoClose(false)
                    .setWriteBufferWaterMark(marks).setMessageSizeEstimator(estimator)).isSameAs(c);
            @SuppressWarnings("deprecation")
            IocpDatagramChannelConfig same = c.setMaxMessagesPerRead(4);
            assertThat(same).isSameAs(c);
            assertThat(c.getConnectTimeoutMillis()).isEqualTo(1234);
            assertThat(c.getWriteSpinCount()).isEqualTo(3);
            assertThat(c.isAutoClose()).isFalse();
            assertThat(c.getWriteBufferWaterMark()).isSameAs(marks);
            assertThat(c.getMessageSizeEstimator()).isSameAs(estimator);

            assertThatThrownBy(() -> c.setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true))
                    .isInstanceOf(IllegalStateException.class).hasMessage("can only be changed before registration");
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void datagramConfigHasNoMulticastSettings() {
        IocpDatagramChannelConfig c = new IocpDatagramChannel().config();
        assertThat(c.isLoopbackModeDisabled()).isFalse();
        assertThat(c.getTimeToLive()).isEqualTo(-1);
        assertThat(c.getInterface()).isNull();
        assertThat(c.getNetworkInterface()).isNull();
        assertThatThrownBy(() -> c.setLoopbackModeDisabled(true)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("multicast is not supported by the IOCP transport");
        assertThatThrownBy(() -> c.setTimeToLive(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.setInterface(InetAddress.getLoopbackAddress()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.setNetworkInterface(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSocketRefusingAnOptionFailsTheSetterWithTheWindowsError() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failure is injected through the emulator");
        IocpDatagramChannel ch = (IocpDatagramChannel) new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).bind(LOOPBACK).sync().channel();
        try {
            EmulatedIocpApi.instance().failNextCall("setOption", IocpApi.WSAEINVAL);
            assertThatThrownBy(() -> ch.config().setBroadcast(true)).isInstanceOf(ChannelException.class)
                    .hasMessage("setsockopt(..) failed: WSAEINVAL (10022)");
            assertThat(EmulatedIocpApi.instance().armedFailures()).isEmpty();
            assertThat(onSocket(ch, IocpApi.OPT_SO_BROADCAST)).as("unchanged on the socket").isZero();
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aRememberedOptionTheNewSocketRefusesFailsTheBindAndClosesThatSocket() throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failure is injected through the emulator");
        IocpDatagramChannel ch = (IocpDatagramChannel) new Bootstrap().group(group).channel(IocpDatagramChannel.class)
                .option(ChannelOption.SO_BROADCAST, true).handler(new ChannelInboundHandlerAdapter()).register().sync()
                .channel();
        try {
            int open = EmulatedIocpApi.instance().openSockets();
            ch.eventLoop().submit(() -> EmulatedIocpApi.instance().failNextCall("setOption", IocpApi.WSAEINVAL))
                    .sync();
            Throwable cause = ch.bind(LOOPBACK).awaitUninterruptibly().cause();
            assertThat(cause).isInstanceOf(IOException.class).hasMessage("setsockopt(..) failed: WSAEINVAL (10022)");
            assertThat(ch.eventLoop().submit(() -> ch.socket).get()).as("no half-made socket kept").isZero();
            assertThat(EmulatedIocpApi.instance().openSockets()).as("the new socket was closed").isEqualTo(open);
            assertThat(ch.eventLoop().submit(() -> EmulatedIocpApi.instance().armedFailures()).get()).isEmpty();
            if (ch.isOpen()) {
                ch.bind(LOOPBACK).sync();
                assertThat(onSocket(ch, IocpApi.OPT_SO_BROADCAST)).as("a second socket gets the option").isEqualTo(1);
            }
        } finally {
            ch.close().sync();
        }
    }
}
