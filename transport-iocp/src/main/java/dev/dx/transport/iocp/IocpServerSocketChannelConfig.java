/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkPositiveOrZero;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ServerSocketChannelConfig;

import java.util.Map;

/**
 * The {@link ServerSocketChannelConfig} of an {@link IocpServerSocketChannel}, plus
 * {@link IocpChannelOption#PENDING_ACCEPTS}. {@code SO_REUSEADDR} defaults to off (on Windows it lets another socket
 * steal the port; prefer {@link IocpChannelOption#SO_EXCLUSIVEADDRUSE}).
 */
public final class IocpServerSocketChannelConfig extends DefaultChannelConfig implements ServerSocketChannelConfig {

    private final SocketOptionState options;
    private volatile int backlog = 128;
    private volatile int pendingAccepts;

    IocpServerSocketChannelConfig(IocpServerSocketChannel channel) {
        super(channel);
        this.options = channel.options;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), ChannelOption.SO_RCVBUF, ChannelOption.SO_REUSEADDR,
                ChannelOption.SO_BACKLOG, IocpChannelOption.PENDING_ACCEPTS, IocpChannelOption.SO_EXCLUSIVEADDRUSE);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == ChannelOption.SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        }
        if (option == ChannelOption.SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        }
        if (option == ChannelOption.SO_BACKLOG) {
            return (T) Integer.valueOf(getBacklog());
        }
        if (option == IocpChannelOption.PENDING_ACCEPTS) {
            return (T) Integer.valueOf(getPendingAccepts());
        }
        if (option == IocpChannelOption.SO_EXCLUSIVEADDRUSE) {
            return (T) Boolean.valueOf(options.get(IocpApi.OPT_SO_EXCLUSIVEADDRUSE, 0) != 0);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == ChannelOption.SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == ChannelOption.SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == ChannelOption.SO_BACKLOG) {
            setBacklog((Integer) value);
        } else if (option == IocpChannelOption.PENDING_ACCEPTS) {
            setPendingAccepts((Integer) value);
        } else if (option == IocpChannelOption.SO_EXCLUSIVEADDRUSE) {
            options.set(IocpApi.OPT_SO_EXCLUSIVEADDRUSE, (Boolean) value ? 1 : 0);
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
        return options.get(IocpApi.OPT_SO_REUSEADDR, 0) != 0;
    }

    @Override
    public IocpServerSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        options.set(IocpApi.OPT_SO_REUSEADDR, reuseAddress ? 1 : 0);
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return options.get(IocpApi.OPT_SO_RCVBUF, 65536);
    }

    @Override
    public IocpServerSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        options.set(IocpApi.OPT_SO_RCVBUF, receiveBufferSize);
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
