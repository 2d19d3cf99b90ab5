/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import dev.dx.transport.iocp.internal.IocpApiProvider;
import dev.dx.transport.iocp.internal.IocpApiProviders;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Tells whether the <em>native</em> IOCP transport can be used in this JVM.
 *
 * <p>{@link #isAvailable()} is {@code true} only on Windows, after the {@code dx_transport_iocp_<arch>.dll} from the
 * {@code windows-x86_64} classifier jar has been loaded and Winsock initialised. On every other OS it is
 * {@code false} and {@link #unavailabilityCause()} says why ("not Windows"). Setting
 * {@code -Ddx.iocp.disable=true} turns the native transport off everywhere.
 *
 * <p>Separately, a pure-Java <em>emulated</em> completion port can be selected with
 * {@link IocpIoHandlerConfig#emulated(boolean)} or {@code -Ddx.iocp.emulate=true}. It runs the same channels over
 * {@code java.nio} so the transport can be tested on Linux and macOS. It is a test vehicle, not part of this jar:
 * it lives in the module's test-jar ({@code dev.dx:dx-transport-iocp}, {@code <type>test-jar</type>}, test scope)
 * and is found with {@link java.util.ServiceLoader}; asking for it without that jar on the class path fails with an
 * {@link IllegalStateException} that names the dependency. Its availability is not reported here.
 */
public final class Iocp {

    /** System property that forces the emulated completion port in every {@link IocpIoHandler}. */
    public static final String EMULATE_PROPERTY = "dx.iocp.emulate";
    /** System property that disables the native transport. */
    public static final String DISABLE_PROPERTY = "dx.iocp.disable";

    private static final String JNI_CLASS = "dev.dx.transport.iocp.internal.JniIocpApi";
    private static final IocpApi NATIVE;
    /** The emulator once found (lookups that fail are not remembered: a later class path may have it). */
    private static volatile IocpApi emulator;
    private static final Throwable UNAVAILABILITY_CAUSE;

    static {
        IocpApi api = null;
        Throwable cause = null;
        String os = System.getProperty("os.name", "");
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            cause = new UnsupportedOperationException(
                    "Native IOCP transport was explicitly disabled with -D" + DISABLE_PROPERTY + "=true");
        } else if (!os.toLowerCase(Locale.ROOT).startsWith("windows")) {
            cause = new UnsupportedOperationException(
                    "Native IOCP transport requires Windows (os.name: " + os + ")");
        } else {
            try {
                Class<?> jni = Class.forName(JNI_CLASS, true, Iocp.class.getClassLoader());
                api = (IocpApi) jni.getMethod("create").invoke(null);
            } catch (InvocationTargetException e) {
                cause = e.getCause();
            } catch (Throwable t) {
                cause = t;
            }
        }
        NATIVE = cause == null ? api : null;
        UNAVAILABILITY_CAUSE = cause;
    }

    private Iocp() {
    }

    /** Returns {@code true} if the native (JNI) completion-port transport is usable in this JVM. */
    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /**
     * Throws if the native transport is not usable.
     *
     * @throws UnsatisfiedLinkError with {@link #unavailabilityCause()} as its cause
     */
    public static void ensureAvailability() {
        if (UNAVAILABILITY_CAUSE != null) {
            throw (Error) new UnsatisfiedLinkError("failed to load the required native library")
                    .initCause(UNAVAILABILITY_CAUSE);
        }
    }

    /** Returns why the native transport is not usable, or {@code null} if it is. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** True if a handler with this setting runs on the emulator (the setting or {@code -Ddx.iocp.emulate=true}). */
    static boolean emulates(boolean emulated) {
        return emulated || Boolean.getBoolean(EMULATE_PROPERTY);
    }

    /**
     * Returns the implementation a handler with this setting uses.
     *
     * @throws UnsatisfiedLinkError if the native transport is asked for and unavailable
     * @throws IllegalStateException if the emulator is asked for and not on the class path
     */
    static IocpApi api(boolean emulated) {
        if (emulates(emulated)) {
            IocpApi api = emulator;
            if (api == null) {
                api = IocpApiProviders.find(IocpApiProvider.EMULATED, Iocp.class.getClassLoader());
                emulator = api;
            }
            return api;
        }
        ensureAvailability();
        return NATIVE;
    }
}
