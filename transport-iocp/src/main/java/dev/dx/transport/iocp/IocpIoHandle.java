/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.channel.IoHandle;

/**
 * An {@link IoHandle} that an {@link IocpIoHandler} can register. Its {@code handle(registration, event)} receives
 * an {@link IocpIoEvent} for every completion of an operation it started through its {@link IocpRegistration} —
 * also for operations still in flight after the registration was cancelled, so it can release their buffers.
 */
interface IocpIoHandle extends IoHandle {

    /** Called by {@link IocpIoHandler#register} on the event loop, before the registration future completes. */
    default void attach(IocpRegistration registration) {
    }
}
