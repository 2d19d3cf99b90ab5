/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;

import java.util.EnumSet;
import java.util.Map;

/**
 * The {@link SocketChannelConfig} of an {@link IocpSocketChannel}. Socket options set before the socket exists (it
 * is created on connect) are remembered and applied when it is created. {@code TCP_NODELAY} defaults to on.
 */
public final class IocpSocketChannelConfig extends AbstractIocpChannelConfig implements SocketChannelConfig {

    private volatile boolean allowHalfClosure;

    IocpSocketChannelConfig(IocpSocketChannel channel) {
        super(channel, EnumSet.of(IocpSocketOption.SO_RCVBUF, IocpSocketOption.SO_SNDBUF, IocpSocketOption.TCP_NODELAY,
                IocpSocketOption.SO_KEEPALIVE, IocpSocketOption.SO_REUSEADDR, IocpSocketOption.SO_LINGER,
                IocpSocketOption.IP_TOS));
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.ALLOW_HALF_CLOSURE);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(isAllowHalfClosure());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.ALLOW_HALF_CLOSURE) {
            validate(option, value);
            setAllowHalfClosure((Boolean) value);
            return true;
        }
        return super.setOption(option, value);
    }

    @Override
    public boolean isTcpNoDelay() {
        return flag(IocpSocketOption.TCP_NODELAY);
    }

    @Override
    public IocpSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        set(IocpSocketOption.TCP_NODELAY, tcpNoDelay);
        return this;
    }

    @Override
    public int getSoLinger() {
        return intValue(IocpSocketOption.SO_LINGER);
    }

    @Override
    public IocpSocketChannelConfig setSoLinger(int soLinger) {
        set(IocpSocketOption.SO_LINGER, soLinger);
        return this;
    }

    @Override
    public int getSendBufferSize() {
        return intValue(IocpSocketOption.SO_SNDBUF);
    }

    @Override
    public IocpSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        set(IocpSocketOption.SO_SNDBUF, sendBufferSize);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return intValue(IocpSocketOption.SO_RCVBUF);
    }

    @Override
    public IocpSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(IocpSocketOption.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    @Override
    public boolean isKeepAlive() {
        return flag(IocpSocketOption.SO_KEEPALIVE);
    }

    @Override
    public IocpSocketChannelConfig setKeepAlive(boolean keepAlive) {
        set(IocpSocketOption.SO_KEEPALIVE, keepAlive);
        return this;
    }

    @Override
    public int getTrafficClass() {
        return intValue(IocpSocketOption.IP_TOS);
    }

    @Override
    public IocpSocketChannelConfig setTrafficClass(int trafficClass) {
        set(IocpSocketOption.IP_TOS, trafficClass);
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return flag(IocpSocketOption.SO_REUSEADDR);
    }

    @Override
    public IocpSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        set(IocpSocketOption.SO_REUSEADDR, reuseAddress);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public IocpSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }

    @Override
    public IocpSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public IocpSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    @Deprecated
    public IocpSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public IocpSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public IocpSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }
}
