/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

/**
 * Chooses the completion port the tests run on: the emulator unless {@code -Ddx.iocp.emulate=false} is given on a
 * machine where the native transport is available (the Windows workflow does that to test the real DLL).
 */
public final class IocpTestSupport {

    private IocpTestSupport() {
    }

    /** True if the tests run over the pure-Java emulator. */
    public static boolean emulated() {
        String p = System.getProperty(Iocp.EMULATE_PROPERTY);
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        return !Iocp.isAvailable();
    }

    /**
     * True if the implementation under test can continue a read loop without waiting
     * ({@link dev.dx.transport.iocp.internal.NonBlockingRecv}); both implementations can, unless
     * {@code -Ddx.iocp.nonBlockingRecv=false}.
     */
    public static boolean batchesReads() {
        return IocpSocketChannel.NON_BLOCKING_RECV
                && Iocp.api(emulated()) instanceof dev.dx.transport.iocp.internal.NonBlockingRecv;
    }

    /** A handler configuration for tests. */
    public static IocpIoHandlerConfig config() {
        return new IocpIoHandlerConfig().emulated(emulated());
    }
}
