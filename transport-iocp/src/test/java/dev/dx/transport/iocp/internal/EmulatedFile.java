/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.channels.FileChannel;

/** The emulator's file handle: a file opened for reading, which {@link EmulatedFiles} reads at given positions. */
final class EmulatedFile extends EmulatedHandle {
    final FileChannel channel;

    EmulatedFile(long handle, FileChannel channel) {
        super(handle);
        this.channel = channel;
    }
}
