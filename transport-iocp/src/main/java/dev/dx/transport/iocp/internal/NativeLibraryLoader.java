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

/**
 * Loads the transport's JNI library, trying in order:
 * <ol>
 *   <li>the file named by {@code -Ddx.iocp.library=<path>} (if set, only that);</li>
 *   <li>the resource {@code META-INF/native/<name>_<arch>.dll} of the given class loader (packaged in the
 *       {@code windows-x86_64} classifier jar), copied to a temporary file and loaded from there;</li>
 *   <li>{@code <name>_<arch>} and then {@code <name>} on {@code java.library.path}.</li>
 * </ol>
 * If every attempt fails it throws an {@link UnsatisfiedLinkError} naming the candidates, with each attempt's error
 * attached as a suppressed exception. The temporary copy goes to {@code -Ddx.iocp.tmpdir} (default
 * {@code java.io.tmpdir}) and is deleted on exit when the OS allows it (Windows keeps a loaded DLL locked; set
 * {@code -Ddx.iocp.deleteLibraryAfterLoading=false} to keep it for debugging).
 */
final class NativeLibraryLoader {

    /** System property naming a library file to load instead of the packaged one. */
    static final String LIBRARY_PROPERTY = "dx.iocp.library";
    /** System property naming the directory for the temporary copy of the packaged library. */
    static final String TMPDIR_PROPERTY = "dx.iocp.tmpdir";
    /** System property: whether to mark the temporary copy for deletion (default true). */
    static final String DELETE_PROPERTY = "dx.iocp.deleteLibraryAfterLoading";
    /** Where packaged libraries live inside a jar. */
    static final String RESOURCE_DIR = "META-INF/native/";

    private NativeLibraryLoader() {
    }

    /**
     * Returns the architecture suffix used in library names: {@code x86_64}, {@code aarch_64} or the normalised
     * {@code os.arch}.
     */
    static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
        switch (arch) {
            case "amd64":
            case "x8664":
            case "x64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch_64";
            default:
                return arch;
        }
    }

    /** Returns the file name of the packaged library for {@code name}, e.g. {@code dx_transport_iocp_x86_64.dll}. */
    static String fileName(String name) {
        return name + '_' + arch() + ".dll";
    }

    /**
     * Loads {@code name}; see the class javadoc for the order.
     *
     * @throws UnsatisfiedLinkError if nothing could be loaded
     */
    static void load(String name, ClassLoader loader) {
        String explicit = System.getProperty(LIBRARY_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            System.load(Paths.get(explicit).toAbsolutePath().toString());
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
        for (String candidate : new String[] {name + '_' + arch(), name}) {
            try {
                System.loadLibrary(candidate);
                return;
            } catch (UnsatisfiedLinkError e) {
                errors.add(e);
            }
        }
        UnsatisfiedLinkError failure = new UnsatisfiedLinkError("could not load " + fileName(name)
                + (url == null ? " (resource " + resource + " not on the class path)" : " from " + url)
                + " nor " + name + '_' + arch() + " / " + name + " from java.library.path");
        for (Throwable e : errors) {
            failure.addSuppressed(e);
        }
        throw failure;
    }

    private static void loadFromResource(URL url, String name) throws IOException {
        String tmp = System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir"));
        Path dir = Paths.get(tmp);
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, name + '_' + arch() + '_', ".dll");
        boolean loaded = false;
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(file.toAbsolutePath().toString());
            loaded = true;
        } finally {
            File f = file.toFile();
            if (!loaded) {
                if (!f.delete()) {
                    f.deleteOnExit();
                }
            } else if (!"false".equalsIgnoreCase(System.getProperty(DELETE_PROPERTY))) {
                // Windows refuses to delete a loaded DLL; try now, else at exit (which may also fail while loaded)
                if (!f.delete()) {
                    f.deleteOnExit();
                }
            }
        }
    }
}
