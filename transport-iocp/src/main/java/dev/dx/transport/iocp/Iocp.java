/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import dev.dx.transport.iocp.internal.IocpApi;

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
 * <p>Separately, this module contains a pure-Java <em>emulated</em> completion port (select it with
 * {@link IocpIoHandlerConfig#emulated(boolean)} or {@code -Ddx.iocp.emulate=true}). It runs the same channels over
 * {@code java.nio} so the transport can be tested on Linux and macOS; it is a test vehicle, slower than NIO, and
 * its availability is not reported here.
 */
public final class Iocp {

    /** System property that forces the emulated completion port in every {@link IocpIoHandler}. */
    public static final String EMULATE_PROPERTY = "dx.iocp.emulate";
    /** System property that disables the native transport. */
    public static final String DISABLE_PROPERTY = "dx.iocp.disable";

    private static final String JNI_CLASS = "dev.dx.transport.iocp.internal.JniIocpApi";
    private static final IocpApi NATIVE;
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

    /** Returns the implementation a handler with this setting uses. */
    static IocpApi api(boolean emulated) {
        if (emulated || Boolean.getBoolean(EMULATE_PROPERTY)) {
            return EmulatedIocpApi.instance();
        }
        ensureAvailability();
        return NATIVE;
    }
}
