/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.channel.ChannelOption;

/**
 * The socket options the IOCP channel configs expose: for each, the Netty {@link ChannelOption}, the
 * {@link IocpApi} option id, whether it is a flag ({@code Boolean}, 0/1) or a number ({@code Integer}), and the
 * value reported before the socket exists and nothing was set.
 */
enum IocpSocketOption {
    SO_RCVBUF(ChannelOption.SO_RCVBUF, IocpApi.OPT_SO_RCVBUF, false, 65536),
    SO_SNDBUF(ChannelOption.SO_SNDBUF, IocpApi.OPT_SO_SNDBUF, false, 65536),
    TCP_NODELAY(ChannelOption.TCP_NODELAY, IocpApi.OPT_TCP_NODELAY, true, 1),
    SO_KEEPALIVE(ChannelOption.SO_KEEPALIVE, IocpApi.OPT_SO_KEEPALIVE, true, 0),
    SO_REUSEADDR(ChannelOption.SO_REUSEADDR, IocpApi.OPT_SO_REUSEADDR, true, 0),
    /** Negative values all mean "off" and are stored as -1. */
    SO_LINGER(ChannelOption.SO_LINGER, IocpApi.OPT_SO_LINGER, false, -1),
    IP_TOS(ChannelOption.IP_TOS, IocpApi.OPT_IP_TOS, false, 0),
    SO_BROADCAST(ChannelOption.SO_BROADCAST, IocpApi.OPT_SO_BROADCAST, true, 0),
    SO_EXCLUSIVEADDRUSE(IocpChannelOption.SO_EXCLUSIVEADDRUSE, IocpApi.OPT_SO_EXCLUSIVEADDRUSE, true, 0);

    final ChannelOption<?> key;
    final int id;
    final boolean flag;
    final int defaultValue;

    IocpSocketOption(ChannelOption<?> key, int id, boolean flag, int defaultValue) {
        this.key = key;
        this.id = id;
        this.flag = flag;
        this.defaultValue = defaultValue;
    }

    /** The {@code Boolean} or {@code Integer} a config reports for the native value. */
    Object box(int value) {
        return flag ? Boolean.valueOf(value != 0) : Integer.valueOf(value);
    }

    /** The native value of a {@code Boolean} or {@code Integer} given to a config. */
    int unbox(Object value) {
        return flag ? ((Boolean) value ? 1 : 0) : normalise((Integer) value);
    }

    /** The native value of a number given to a config. */
    int normalise(int value) {
        return this == SO_LINGER && value < 0 ? -1 : value;
    }
}
