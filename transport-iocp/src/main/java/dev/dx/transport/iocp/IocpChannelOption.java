/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.channel.ChannelOption;

/**
 * Channel options specific to the IOCP transport.
 *
 * @param <T> the option's value type
 */
public final class IocpChannelOption<T> extends ChannelOption<T> {

    /**
     * Number of {@code AcceptEx} calls an {@link IocpServerSocketChannel} keeps pending (1..1024); defaults to
     * {@link IocpIoHandlerConfig#pendingAccepts()} of the event loop's handler.
     */
    public static final ChannelOption<Integer> PENDING_ACCEPTS = valueOf(IocpChannelOption.class, "PENDING_ACCEPTS");

    /**
     * {@code SO_EXCLUSIVEADDRUSE} (Windows): no other socket may bind the same address, even with
     * {@code SO_REUSEADDR}.
     */
    public static final ChannelOption<Boolean> SO_EXCLUSIVEADDRUSE =
            valueOf(IocpChannelOption.class, "SO_EXCLUSIVEADDRUSE");

    @SuppressWarnings("unused")
    private IocpChannelOption() {
        super(null);
    }
}
