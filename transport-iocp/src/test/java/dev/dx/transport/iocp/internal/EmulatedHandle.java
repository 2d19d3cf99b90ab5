/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

/** Base of the emulator's kernel objects that can be associated with a port. */
abstract class EmulatedHandle {
    final long handle;
    EmulatedPort port;
    long key;
    boolean closed;

    EmulatedHandle(long handle) {
        this.handle = handle;
    }
}
