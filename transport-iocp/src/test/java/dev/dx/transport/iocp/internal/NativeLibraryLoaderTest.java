/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dx.transport.iocp.Iocp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link NativeLibraryLoader} on every path, with a recording {@link NativeLibraryLoader.Linker} in place of
 * {@code System.load}, so that these run on any OS: extraction of the packaged DLL to the temporary directory, its
 * deletion, the fallbacks and the errors that name what is missing.
 */
class NativeLibraryLoaderTest {

    private static final byte[] DLL = {'M', 'Z', 0, 1, 2, 3, (byte) 0xff};

    @TempDir
    Path tmp;

    private final Map<String, String> properties = new HashMap<>();
    private final RecordingLinker linker = new RecordingLinker();

    /** Records what it is asked to load, with the bytes of each file at that moment; fails when told to. */
    private static final class RecordingLinker implements NativeLibraryLoader.Linker {
        final List<String> loaded = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        final List<String> libraries = new ArrayList<>();
        boolean failLoad;
        String libraryThatLoads;

        @Override
        public void load(String absolutePath) {
            loaded.add(absolutePath);
            try {
                contents.add(Files.readAllBytes(Path.of(absolutePath)));
            } catch (IOException e) {
                contents.add(null);
            }
            if (failLoad) {
                throw new UnsatisfiedLinkError("cannot load " + absolutePath);
            }
        }

        @Override
        public void loadLibrary(String name) {
            libraries.add(name);
            if (!name.equals(libraryThatLoads)) {
                throw new UnsatisfiedLinkError("no " + name + " in java.library.path");
            }
        }
    }

    private NativeLibraryLoader windows() {
        properties.put("java.io.tmpdir", tmp.resolve("java-tmp").toString());
        return new NativeLibraryLoader("Windows Server 2022", "amd64", properties::get, linker);
    }

    /** A class loader holding {@code META-INF/native/<file>} (the classifier jar's layout). */
    private ClassLoader withResource(String file) throws IOException {
        Path root = tmp.resolve("classpath");
        Path dll = root.resolve(NativeLibraryLoader.RESOURCE_DIR).resolve(file);
        Files.createDirectories(dll.getParent());
        Files.write(dll, DLL);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private static ClassLoader empty() {
        return new URLClassLoader(new URL[0], null);
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void namesTheLibraryAfterTheArchitecture() {
        assertThat(NativeLibraryLoader.normaliseArch("amd64")).isEqualTo("x86_64");
        assertThat(NativeLibraryLoader.normaliseArch("x86_64")).isEqualTo("x86_64");
        assertThat(NativeLibraryLoader.normaliseArch("aarch64")).isEqualTo("aarch_64");
        assertThat(NativeLibraryLoader.normaliseArch("ARM64")).isEqualTo("aarch_64");
        assertThat(windows().fileName("dx_transport_iocp")).isEqualTo("dx_transport_iocp_x86_64.dll");
    }

    @Test
    void refusesClearlyWhenTheOsIsNotWindows() {
        NativeLibraryLoader linux = new NativeLibraryLoader("Linux", "amd64", properties::get, linker);
        assertThatThrownBy(() -> linux.loadLibrary("dx_transport_iocp", getClass().getClassLoader()))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessage("dx_transport_iocp_x86_64.dll is a Windows DLL and cannot be loaded on Linux: the native"
                        + " IOCP transport runs on Windows only");
        assertThat(linker.loaded).isEmpty();
        assertThat(linker.libraries).isEmpty();
    }

    @Test
    void extractsThePackagedDllToTheConfiguredDirectoryLoadsItAndDeletesTheCopy() throws Exception {
        Path dir = tmp.resolve("dlls");
        properties.put(NativeLibraryLoader.TMPDIR_PROPERTY, dir.toString());
        windows().loadLibrary("dx_test", withResource("dx_test_x86_64.dll"));

        assertThat(linker.loaded).hasSize(1);
        Path copy = Path.of(linker.loaded.get(0));
        assertThat(copy.getParent()).isEqualTo(dir);
        assertThat(copy.getFileName().toString()).startsWith("dx_test_x86_64_").endsWith(".dll");
        assertThat(linker.contents.get(0)).as("the bytes of the resource").isEqualTo(DLL);
        assertThat(linker.libraries).as("no fallback").isEmpty();
        assertThat(files(dir)).as("the copy is deleted once loaded").isEmpty();
    }

    @Test
    void extractsToJavaIoTmpdirByDefault() throws Exception {
        windows().loadLibrary("dx_test", withResource("dx_test_x86_64.dll"));
        assertThat(Path.of(linker.loaded.get(0)).getParent()).isEqualTo(tmp.resolve("java-tmp"));
    }

    @Test
    void keepsTheCopyWhenAskedTo() throws Exception {
        Path dir = tmp.resolve("dlls");
        properties.put(NativeLibraryLoader.TMPDIR_PROPERTY, dir.toString());
        properties.put(NativeLibraryLoader.DELETE_PROPERTY, "false");
        windows().loadLibrary("dx_test", withResource("dx_test_x86_64.dll"));
        assertThat(files(dir)).containsExactly(Path.of(linker.loaded.get(0)));
    }

    @Test
    void aCopyThatFailsToLoadIsDeletedAndTheLibraryPathIsTriedNext() throws Exception {
        Path dir = tmp.resolve("dlls");
        properties.put(NativeLibraryLoader.TMPDIR_PROPERTY, dir.toString());
        linker.failLoad = true;
        linker.libraryThatLoads = "dx_test";
        windows().loadLibrary("dx_test", withResource("dx_test_x86_64.dll"));
        assertThat(linker.loaded).hasSize(1);
        assertThat(linker.libraries).containsExactly("dx_test_x86_64", "dx_test");
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void whenNothingLoadsTheErrorNamesEveryCandidateAndKeepsEachError() throws Exception {
        linker.failLoad = true;
        ClassLoader loader = withResource("dx_test_x86_64.dll");
        UnsatisfiedLinkError e = catchThrowableOfType(() -> windows().loadLibrary("dx_test", loader),
                UnsatisfiedLinkError.class);
        assertThat(e.getMessage()).startsWith("could not load dx_test_x86_64.dll from file:")
                .endsWith(" nor dx_test_x86_64 / dx_test from java.library.path");
        assertThat(e.getSuppressed()).extracting(Throwable::getMessage).hasSize(3)
                .anySatisfy(m -> assertThat(m).startsWith("cannot load "))
                .contains("no dx_test_x86_64 in java.library.path", "no dx_test in java.library.path");
    }

    @Test
    void aMissingResourceIsNamedWithTheJarThatHoldsIt() {
        UnsatisfiedLinkError e = catchThrowableOfType(() -> windows().loadLibrary("dx_test", empty()),
                UnsatisfiedLinkError.class);
        assertThat(e).hasMessage("could not load dx_test_x86_64.dll (resource META-INF/native/dx_test_x86_64.dll not"
                + " on the class path: is the windows-x86_64 classifier jar of dx-transport-iocp a dependency?) nor"
                + " dx_test_x86_64 / dx_test from java.library.path");
        assertThat(e.getSuppressed()).hasSize(2);
        assertThat(linker.loaded).isEmpty();
    }

    @Test
    void withoutTheResourceTheLibraryPathIsUsed() {
        linker.libraryThatLoads = "dx_test_x86_64";
        windows().loadLibrary("dx_test", empty());
        assertThat(linker.libraries).containsExactly("dx_test_x86_64");
    }

    @Test
    void anExplicitLibraryFileIsTheOnlyCandidate() throws Exception {
        Path dll = tmp.resolve("mine.dll");
        properties.put(NativeLibraryLoader.LIBRARY_PROPERTY, dll.toString());
        windows().loadLibrary("dx_test", withResource("dx_test_x86_64.dll"));
        assertThat(linker.loaded).containsExactly(dll.toAbsolutePath().toString());
        assertThat(linker.libraries).isEmpty();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void thisJvmRefusesTheDllAndTheTransportSaysWhy() {
        assertThatThrownBy(() -> NativeLibraryLoader.load(Native.LIBRARY_NAME, getClass().getClassLoader()))
                .isInstanceOf(UnsatisfiedLinkError.class).hasMessageContaining("is a Windows DLL");
        assertThat(Iocp.isAvailable()).isFalse();
        assertThat(Iocp.unavailabilityCause()).hasMessageStartingWith("Native IOCP transport requires Windows");
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void onWindowsTheDllLoadsAndInitialises() {
        // the Windows build puts the DLL on the test class path (META-INF/native): extraction and System.load for real
        IocpApi api = JniIocpApi.create();
        assertThat(api.initialize()).isZero();
    }
}
