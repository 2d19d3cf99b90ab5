/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkPositiveOrZero;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ServerSocketChannelConfig;

import java.util.EnumSet;
import java.util.Map;

/**
 * The {@link ServerSocketChannelConfig} of an {@link IocpServerSocketChannel}, plus
 * {@link IocpChannelOption#PENDING_ACCEPTS}. {@code SO_REUSEADDR} defaults to off (on Windows it lets another socket
 * steal the port; prefer {@link IocpChannelOption#SO_EXCLUSIVEADDRUSE}).
 */
public final class IocpServerSocketChannelConfig extends AbstractIocpChannelConfig
        implements ServerSocketChannelConfig {

    private volatile int backlog = 128;
    private volatile int pendingAccepts;

    IocpServerSocketChannelConfig(IocpServerSocketChannel channel) {
        super(channel, EnumSet.of(IocpSocketOption.SO_RCVBUF, IocpSocketOption.SO_REUSEADDR,
                IocpSocketOption.SO_EXCLUSIVEADDRUSE));
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.SO_BACKLOG, IocpChannelOption.PENDING_ACCEPTS);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.SO_BACKLOG) {
            return (T) Integer.valueOf(getBacklog());
        }
        if (option == IocpChannelOption.PENDING_ACCEPTS) {
            return (T) Integer.valueOf(getPendingAccepts());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        if (option == ChannelOption.SO_BACKLOG) {
            validate(option, value);
            setBacklog((Integer) value);
        } else if (option == IocpChannelOption.PENDING_ACCEPTS) {
            validate(option, value);
            setPendingAccepts((Integer) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    /** Pending {@code AcceptEx} calls; 0 means the handler's {@link IocpIoHandlerConfig#pendingAccepts()}. */
    public int getPendingAccepts() {
        return pendingAccepts;
    }

    /** Sets the pending {@code AcceptEx} calls, 0..1024 (0: the handler's default). */
    public IocpServerSocketChannelConfig setPendingAccepts(int pendingAccepts) {
        this.pendingAccepts = checkInRange(pendingAccepts, 0, 1024, "pendingAccepts");
        return this;
    }

    @Override
    public int getBacklog() {
        return backlog;
    }

    @Override
    public IocpServerSocketChannelConfig setBacklog(int backlog) {
        this.backlog = checkPositiveOrZero(backlog, "backlog");
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return flag(IocpSocketOption.SO_REUSEADDR);
    }

    @Override
    public IocpServerSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        set(IocpSocketOption.SO_REUSEADDR, reuseAddress);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return intValue(IocpSocketOption.SO_RCVBUF);
    }

    @Override
    public IocpServerSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        set(IocpSocketOption.SO_RCVBUF, receiveBufferSize);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public IocpServerSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    @Deprecated
    public IocpServerSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public IocpServerSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public IocpServerSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }
}
