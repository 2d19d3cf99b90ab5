/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

/** The emulator is found through {@link java.util.ServiceLoader}, and its absence is reported clearly. */
class IocpApiProvidersTest {

    @Test
    void theEmulatorIsFoundOnTheTestClassPath() {
        assertThat(IocpApiProviders.find(IocpApiProvider.EMULATED, getClass().getClassLoader()))
                .isInstanceOf(EmulatedIocpApi.class);
    }

    @Test
    void withoutTheTestJarTheErrorNamesTheDependency() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        // a class path with the transport's classes only: the parent is the platform loader, which has neither
        try (URLClassLoader productionOnly = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(productionOnly);
            assertThatThrownBy(() -> IocpApiProviders.find(IocpApiProvider.EMULATED, productionOnly))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("no IocpApiProvider named 'emulated' on the class path (found: none): the emulated"
                            + " completion port (-Ddx.iocp.emulate=true or IocpIoHandlerConfig.emulated(true)) is a test"
                            + " vehicle outside the production jar; add the test-scoped dependency"
                            + " dev.dx:dx-transport-iocp with <type>test-jar</type>");
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    @Test
    void anUnknownNameListsTheProvidersThatWereFound() {
        assertThatThrownBy(() -> IocpApiProviders.find("fast", getClass().getClassLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no IocpApiProvider named 'fast' on the class path (found: emulated)");
    }
}
