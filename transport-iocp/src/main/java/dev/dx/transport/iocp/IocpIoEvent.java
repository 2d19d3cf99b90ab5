/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.channel.IoEvent;

/** One dequeued completion: which operation, how many bytes, which Windows error (0 = success). Reused. */
final class IocpIoEvent implements IoEvent {
    IocpOperation operation;
    int bytes;
    int error;

    IocpIoEvent set(IocpOperation operation, int bytes, int error) {
        this.operation = operation;
        this.bytes = bytes;
        this.error = error;
        return this;
    }

    @Override
    public String toString() {
        return "IocpIoEvent(" + operation + ", bytes: " + bytes + ", error: " + error + ')';
    }
}
