/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.RecvByteBufAllocator;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The socket-option half shared by the IOCP channel configs: each config names the {@link IocpSocketOption}s it
 * supports, and this class answers {@link #getOption}, {@link #setOption} and {@link #getOptions} for them through
 * the channel's {@link SocketOptionState} (values set before the socket exists are remembered and applied when it is
 * created). Subclasses add their own options and the typed getters and setters of their Netty interface, which
 * delegate to {@link #intValue}, {@link #flag} and {@link #set}.
 */
abstract class AbstractIocpChannelConfig extends DefaultChannelConfig {

    private final SocketOptionState state;
    private final Set<IocpSocketOption> supported;

    AbstractIocpChannelConfig(AbstractIocpChannel channel, EnumSet<IocpSocketOption> supported) {
        super(channel);
        this.state = channel.options;
        this.supported = supported;
    }

    AbstractIocpChannelConfig(AbstractIocpChannel channel, RecvByteBufAllocator allocator,
                              EnumSet<IocpSocketOption> supported) {
        super(channel, allocator);
        this.state = channel.options;
        this.supported = supported;
    }

    private IocpSocketOption socketOption(ChannelOption<?> option) {
        for (IocpSocketOption o : supported) {
            if (o.key == option) {
                return o;
            }
        }
        return null;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        Map<ChannelOption<?>, Object> options = super.getOptions();
        for (IocpSocketOption o : supported) {
            options.put(o.key, o.box(state.get(o.id, o.defaultValue)));
        }
        return options;
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        IocpSocketOption o = socketOption(option);
        return o != null ? (T) o.box(state.get(o.id, o.defaultValue)) : super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        IocpSocketOption o = socketOption(option);
        if (o == null) {
            return super.setOption(option, value);
        }
        validate(option, value);
        state.set(o.id, o.unbox(value));
        return true;
    }

    /** The current value of a numeric option (the socket's, else the remembered one, else the default). */
    int intValue(IocpSocketOption option) {
        return state.get(option.id, option.defaultValue);
    }

    /** The current value of a flag option. */
    boolean flag(IocpSocketOption option) {
        return state.get(option.id, option.defaultValue) != 0;
    }

    /** Sets a numeric option. */
    void set(IocpSocketOption option, int value) {
        state.set(option.id, option.normalise(value));
    }

    /** Sets a flag option. */
    void set(IocpSocketOption option, boolean value) {
        state.set(option.id, value ? 1 : 0);
    }
}
