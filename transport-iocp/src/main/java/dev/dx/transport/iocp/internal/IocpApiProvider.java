/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

/**
 * Service-provider interface through which {@code dev.dx.transport.iocp.Iocp} finds an {@link IocpApi}
 * implementation that is not part of the production jar, with {@link java.util.ServiceLoader}. The only provider
 * today is the pure-Java emulator (name {@value #EMULATED}), shipped in the test-jar of {@code dx-transport-iocp}
 * ({@code <type>test-jar</type>}, test scope) and registered in its
 * {@code META-INF/services/dev.dx.transport.iocp.internal.IocpApiProvider}.
 *
 * <p>Implementations need a public no-argument constructor.
 */
public interface IocpApiProvider {

    /** The name of the emulated completion port selected by {@code -Ddx.iocp.emulate=true}. */
    String EMULATED = "emulated";

    /** The name this provider is selected by, for example {@value #EMULATED}. */
    String name();

    /**
     * Returns the implementation, ready for use. Called once per lookup; may return a shared instance.
     *
     * @throws IllegalStateException if the implementation cannot start (the message says why)
     */
    IocpApi api();
}
