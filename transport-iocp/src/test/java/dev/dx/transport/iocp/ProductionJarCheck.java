/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The build's guard that the production jar ships no test vehicle: run by Maven in the {@code verify} phase over
 * {@code target/dx-transport-iocp-<version>.jar}, it fails the build if the jar contains an {@code Emulated*} class or
 * registers an {@code IocpApiProvider} (the emulator belongs in the test-jar only).
 */
public final class ProductionJarCheck {

    private ProductionJarCheck() {
    }

    /**
     * Checks the jar named by {@code args[0]}.
     *
     * @throws IllegalStateException naming the offending entries, or a missing jar
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ProductionJarCheck <jar>");
        }
        Path jar = Paths.get(args[0]);
        List<String> offending = testVehicles(jar);
        if (!offending.isEmpty()) {
            throw new IllegalStateException(jar.getFileName() + " must not contain the IOCP emulator (it belongs in"
                    + " the test-jar): " + offending);
        }
        System.out.println("ProductionJarCheck: " + jar.getFileName() + " holds no emulator class");
    }

    /** Returns the entries of {@code jar} that belong to the emulator. */
    static List<String> testVehicles(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar to check at " + jar);
        }
        List<String> offending = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                String simple = name.substring(name.lastIndexOf('/') + 1);
                if (simple.startsWith("Emulated") && simple.endsWith(".class")
                        || name.equals("META-INF/services/dev.dx.transport.iocp.internal.IocpApiProvider")) {
                    offending.add(name);
                }
            }
        }
        return offending;
    }
}
