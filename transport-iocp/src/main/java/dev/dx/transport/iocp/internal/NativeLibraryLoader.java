/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Loads the transport's JNI library. On anything but Windows it refuses at once, saying so. On Windows it tries, in
 * order:
 * <ol>
 *   <li>the file named by {@code -Ddx.iocp.library=<path>} (if set, only that);</li>
 *   <li>the resource {@code META-INF/native/<name>_<arch>.dll} of the given class loader (packaged in the
 *       {@code windows-x86_64} classifier jar), copied to a temporary file and loaded from there;</li>
 *   <li>{@code <name>_<arch>} and then {@code <name>} on {@code java.library.path}.</li>
 * </ol>
 * If every attempt fails it throws an {@link UnsatisfiedLinkError} naming the candidates, with each attempt's error
 * attached as a suppressed exception. The temporary copy goes to {@code -Ddx.iocp.tmpdir} (default
 * {@code java.io.tmpdir}) and is deleted once loaded when the OS allows it, else on exit (Windows keeps a loaded DLL
 * locked; set {@code -Ddx.iocp.deleteLibraryAfterLoading=false} to keep it for debugging). A copy that fails to load
 * is always deleted.
 *
 * <p>The operating system, the properties and the {@link Linker} are given to the constructor, so that every path
 * can be tested on any OS; {@link #load(String, ClassLoader)} uses the running JVM's.
 */
final class NativeLibraryLoader {

    /** System property naming a library file to load instead of the packaged one. */
    static final String LIBRARY_PROPERTY = "dx.iocp.library";
    /** System property naming the directory for the temporary copy of the packaged library. */
    static final String TMPDIR_PROPERTY = "dx.iocp.tmpdir";
    /** System property: whether to delete the temporary copy after loading it (default true). */
    static final String DELETE_PROPERTY = "dx.iocp.deleteLibraryAfterLoading";
    /** Where packaged libraries live inside a jar. */
    static final String RESOURCE_DIR = "META-INF/native/";

    /** How a library gets into the JVM: {@link System#load} and {@link System#loadLibrary} outside tests. */
    interface Linker {
        /** The running JVM's. */
        Linker SYSTEM = new Linker() {
            @Override
            public void load(String absolutePath) {
                System.load(absolutePath);
            }

            @Override
            public void loadLibrary(String name) {
                System.loadLibrary(name);
            }
        };

        /** Loads the library file at {@code absolutePath}; throws {@link UnsatisfiedLinkError} on failure. */
        void load(String absolutePath);

        /** Loads {@code name} from {@code java.library.path}; throws {@link UnsatisfiedLinkError} on failure. */
        void loadLibrary(String name);
    }

    private final String osName;
    private final String arch;
    private final UnaryOperator<String> properties;
    private final Linker linker;

    /**
     * @param osName the value of {@code os.name}
     * @param osArch the value of {@code os.arch}
     * @param properties looks up the {@code dx.iocp.*} and {@code java.io.tmpdir} properties ({@code null}: unset)
     * @param linker what loads a library
     */
    NativeLibraryLoader(String osName, String osArch, UnaryOperator<String> properties, Linker linker) {
        this.osName = osName;
        this.arch = normaliseArch(osArch);
        this.properties = properties;
        this.linker = linker;
    }

    /** Loads {@code name} into this JVM (see the class javadoc). */
    static void load(String name, ClassLoader loader) {
        new NativeLibraryLoader(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                System::getProperty, Linker.SYSTEM).loadLibrary(name, loader);
    }

    /**
     * Returns the architecture suffix used in library names: {@code x86_64}, {@code aarch_64} or the normalised
     * {@code os.arch}.
     */
    static String normaliseArch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        switch (a) {
            case "amd64":
            case "x8664":
            case "x64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch_64";
            default:
                return a;
        }
    }

    /** Returns the file name of the packaged library for {@code name}, e.g. {@code dx_transport_iocp_x86_64.dll}. */
    String fileName(String name) {
        return name + '_' + arch + ".dll";
    }

    /**
     * Loads {@code name}; see the class javadoc for the order.
     *
     * @throws UnsatisfiedLinkError if this is not Windows, or if nothing could be loaded
     */
    void loadLibrary(String name, ClassLoader loader) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            throw new UnsatisfiedLinkError(fileName(name) + " is a Windows DLL and cannot be loaded on " + osName
                    + ": the native IOCP transport runs on Windows only");
        }
        String explicit = properties.apply(LIBRARY_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            linker.load(Paths.get(explicit).toAbsolutePath().toString());
            return;
        }
        List<Throwable> errors = new ArrayList<>();
        String resource = RESOURCE_DIR + fileName(name);
        URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
        if (url != null) {
            try {
                loadFromResource(url, name);
                return;
            } catch (IOException | UnsatisfiedLinkError e) {
                errors.add(e);
            }
        }
        for (String candidate : new String[] {name + '_' + arch, name}) {
            try {
                linker.loadLibrary(candidate);
                return;
            } catch (UnsatisfiedLinkError e) {
                errors.add(e);
            }
        }
        UnsatisfiedLinkError failure = new UnsatisfiedLinkError("could not load " + fileName(name)
                + (url == null ? " (resource " + resource + " not on the class path: is the windows-x86_64 classifier"
                        + " jar of dx-transport-iocp a dependency?)" : " from " + url)
                + " nor " + name + '_' + arch + " / " + name + " from java.library.path");
        for (Throwable e : errors) {
            failure.addSuppressed(e);
        }
        throw failure;
    }

    /** Copies the resource to a new file in the temporary directory and returns it. */
    Path extract(URL url, String name) throws IOException {
        String tmp = properties.apply(TMPDIR_PROPERTY);
        Path dir = Paths.get(tmp != null ? tmp : properties.apply("java.io.tmpdir"));
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, name + '_' + arch + '_', ".dll");
        try (InputStream in = url.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private void loadFromResource(URL url, String name) throws IOException {
        Path file = extract(url, name);
        boolean loaded = false;
        try {
            linker.load(file.toAbsolutePath().toString());
            loaded = true;
        } finally {
            if (!loaded || !"false".equalsIgnoreCase(properties.apply(DELETE_PROPERTY))) {
                File f = file.toFile();
                // Windows refuses to delete a loaded DLL; try now, else at exit (which may also fail while loaded)
                if (!f.delete()) {
                    f.deleteOnExit();
                }
            }
        }
    }
}
