/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannelConfig;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.EnumSet;
import java.util.Map;

/**
 * The {@link DatagramChannelConfig} of an {@link IocpDatagramChannel}. Receive buffers default to 2048 bytes
 * ({@link FixedRecvByteBufAllocator}). Multicast settings are not supported: their getters return the defaults and
 * their setters throw {@link UnsupportedOperationException}.
 */
public final class IocpDatagramChannelConfig extends AbstractIocpChannelConfig implements DatagramChannelConfig {

    volatile boolean activeOnRegistration;

    IocpDatagramChannelConfig(IocpDatagramChannel channel) {
        super(channel, new FixedRecvByteBufAllocator(2048), EnumSet.of(IocpSocketOption.SO_RCVBUF,
                IocpSocketOption.SO_SNDBUF, IocpSocketOption.SO_REUSEADDR, IocpSocketOption.SO_BROADCAST,
                IocpSocketOption.IP_TOS));
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION) {
            return (T) Boolean.valueOf(activeOnRegistration);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION) {
            validate(option, value);
            if (channel.isRegistered()) {
                throw new IllegalStateException("can only be changed before registration");
            }
            activeOnRegistration = (Boolean) value;
            return true;
        }
        return super.setOption(option, value);
    }

    @Override
    public int getSendBufferSize() {
        return intValue(IocpSocketOption.SO_SNDBUF);
    }

    @Override
    public IocpDatagramChannelConfig setSendBufferSize(int sendBufferSize) {
        set(IocpSocketOption.SO_SNDBUF, sendBufferSize);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return intValue(IocpSocketOption.SO_RCVBUF);
    }

    @Override
    public IocpDatagramChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(IocpSocketOption.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    @Override
    public int getTrafficClass() {
        return intValue(IocpSocketOption.IP_TOS);
    }

    @Override
    public IocpDatagramChannelConfig setTrafficClass(int trafficClass) {
        set(IocpSocketOption.IP_TOS, trafficClass);
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return flag(IocpSocketOption.SO_REUSEADDR);
    }

    @Override
    public IocpDatagramChannelConfig setReuseAddress(boolean reuseAddress) {
        set(IocpSocketOption.SO_REUSEADDR, reuseAddress);
        return this;
    }

    @Override
    public boolean isBroadcast() {
        return flag(IocpSocketOption.SO_BROADCAST);
    }

    @Override
    public IocpDatagramChannelConfig setBroadcast(boolean broadcast) {
        set(IocpSocketOption.SO_BROADCAST, broadcast);
        return this;
    }

    @Override
    public boolean isLoopbackModeDisabled() {
        return false;
    }

    @Override
    public IocpDatagramChannelConfig setLoopbackModeDisabled(boolean loopbackModeDisabled) {
        throw new UnsupportedOperationException("multicast is not supported by the IOCP transport");
    }

    @Override
    public int getTimeToLive() {
        return -1;
    }

    @Override
    public IocpDatagramChannelConfig setTimeToLive(int ttl) {
        throw new UnsupportedOperationException("multicast is not supported by the IOCP transport");
    }

    @Override
    public InetAddress getInterface() {
        return null;
    }

    @Override
    public IocpDatagramChannelConfig setInterface(InetAddress interfaceAddress) {
        throw new UnsupportedOperationException("multicast is not supported by the IOCP transport");
    }

    @Override
    public NetworkInterface getNetworkInterface() {
        return null;
    }

    @Override
    public IocpDatagramChannelConfig setNetworkInterface(NetworkInterface networkInterface) {
        throw new UnsupportedOperationException("multicast is not supported by the IOCP transport");
    }

    @Override
    public IocpDatagramChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public IocpDatagramChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public IocpDatagramChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }
}
