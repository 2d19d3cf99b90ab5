/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

/**
 * Registers the {@link EmulatedIocpApi} under {@value IocpApiProvider#EMULATED} (see
 * {@code META-INF/services/dev.dx.transport.iocp.internal.IocpApiProvider} in this module's test-jar).
 */
public final class EmulatedIocpApiProvider implements IocpApiProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public EmulatedIocpApiProvider() {
    }

    @Override
    public String name() {
        return EMULATED;
    }

    /** Returns the process-wide emulator, its kernel thread started. */
    @Override
    public IocpApi api() {
        EmulatedIocpApi api = EmulatedIocpApi.instance();
        int err = api.initialize();
        if (err != 0) {
            throw new IllegalStateException("the IOCP emulator could not start: error " + err);
        }
        return api;
    }
}
