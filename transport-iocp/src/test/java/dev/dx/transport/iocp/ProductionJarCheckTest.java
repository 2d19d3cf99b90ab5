/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** The build's check of the production jar finds the emulator in a jar that has it. */
class ProductionJarCheckTest {

    @TempDir
    Path tmp;

    private Path jar(String... entries) throws IOException {
        Path jar = tmp.resolve("t.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (String e : entries) {
                j.putNextEntry(new JarEntry(e));
                j.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarWithoutTheEmulatorPasses() throws Exception {
        Path jar = jar("dev/dx/transport/iocp/Iocp.class", "dev/dx/transport/iocp/internal/IocpApiProvider.class",
                "META-INF/native/dx_transport_iocp_x86_64.dll");
        assertThat(ProductionJarCheck.testVehicles(jar)).isEmpty();
        ProductionJarCheck.main(new String[] {jar.toString()});
    }

    @Test
    void emulatorClassesAndItsRegistrationFailTheCheck() throws Exception {
        Path jar = jar("dev/dx/transport/iocp/Iocp.class", "dev/dx/transport/iocp/internal/EmulatedIocpApi.class",
                "dev/dx/transport/iocp/internal/EmulatedSocket$1.class",
                "META-INF/services/dev.dx.transport.iocp.internal.IocpApiProvider");
        assertThat(ProductionJarCheck.testVehicles(jar)).containsExactly(
                "dev/dx/transport/iocp/internal/EmulatedIocpApi.class",
                "dev/dx/transport/iocp/internal/EmulatedSocket$1.class",
                "META-INF/services/dev.dx.transport.iocp.internal.IocpApiProvider");
        assertThatThrownBy(() -> ProductionJarCheck.main(new String[] {jar.toString()}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("t.jar must not contain the IOCP emulator (it belongs in the test-jar): [");
    }

    @Test
    void aMissingJarIsAnError() {
        assertThatThrownBy(() -> ProductionJarCheck.testVehicles(tmp.resolve("none.jar")))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no jar to check at ");
    }
}
