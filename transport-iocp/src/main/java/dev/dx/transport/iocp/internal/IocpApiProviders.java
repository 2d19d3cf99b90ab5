/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds an {@link IocpApiProvider} by name on the class path with {@link ServiceLoader}, looking in the given class
 * loader first and then in the thread's context class loader.
 */
public final class IocpApiProviders {

    private IocpApiProviders() {
    }

    /**
     * Returns the implementation of the provider named {@code name}.
     *
     * @throws IllegalStateException naming the missing provider, the providers that were found and the dependency
     *         that brings the emulator, if no provider has that name
     */
    public static IocpApi find(String name, ClassLoader loader) {
        Set<String> found = new LinkedHashSet<>();
        ServiceConfigurationError broken = null;
        for (ClassLoader l : loaders(loader)) {
            try {
                for (IocpApiProvider p : ServiceLoader.load(IocpApiProvider.class, l)) {
                    if (name.equals(p.name())) {
                        return p.api();
                    }
                    found.add(p.name());
                }
            } catch (ServiceConfigurationError e) {
                broken = e;
            }
        }
        IllegalStateException e = new IllegalStateException("no IocpApiProvider named '" + name
                + "' on the class path (found: " + (found.isEmpty() ? "none" : String.join(", ", found)) + ")"
                + (IocpApiProvider.EMULATED.equals(name)
                        ? ": the emulated completion port (-Ddx.iocp.emulate=true or IocpIoHandlerConfig.emulated(true))"
                        + " is a test vehicle outside the production jar; add the test-scoped dependency"
                        + " dev.dx:dx-transport-iocp with <type>test-jar</type>"
                        : ""));
        if (broken != null) {
            e.initCause(broken);
        }
        throw e;
    }

    private static List<ClassLoader> loaders(ClassLoader loader) {
        List<ClassLoader> list = new ArrayList<>(2);
        list.add(loader);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loader) {
            list.add(context);
        }
        return list;
    }
}
