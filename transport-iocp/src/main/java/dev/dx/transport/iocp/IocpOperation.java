/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

/**
 * Java view of one native operation block (OVERLAPPED): its handle, whether it is in flight, and what the owner
 * attached to the request (the buffer it reads into, the accept socket, ...). Event-loop thread only.
 */
final class IocpOperation {
    /** The native block; 0 once the registration freed it (every API call then refuses it: no use-after-free). */
    long handle;
    boolean inFlight;
    /** Owner-defined request kind. */
    int kind;
    /** Owner-defined request state (a ByteBuf, a promise, ...), released by the owner on completion. */
    Object attachment;
    /** Owner-defined long (an accept socket, a position, ...). */
    long value;

    IocpOperation(long handle) {
        this.handle = handle;
    }

    @Override
    public String toString() {
        return "IocpOperation(0x" + Long.toHexString(handle) + ", kind: " + kind + ", inFlight: " + inFlight + ')';
    }
}
