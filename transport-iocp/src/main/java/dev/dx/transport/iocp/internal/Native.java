/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.ByteBuffer;

/**
 * The static {@code native} methods of the JNI library {@code dx_transport_iocp_<arch>.dll}, one per
 * {@link IocpApi} (and {@link NonBlockingRecv}) method with the same name, parameters and semantics (see the
 * {@link IocpApi} javadoc; errors are return values, never exceptions). They are bound by {@code RegisterNatives}
 * in the library's {@code JNI_OnLoad} ({@code src/main/c/dx_jni.c}), not by {@code Java_*} symbol names.
 *
 * <p>This class has no static initializer: touching it loads nothing. {@link #load()} loads the library (once) with
 * {@link NativeLibraryLoader}; {@link JniIocpApi#create()} calls it before the first native call.
 *
 * <p>The build generates the C list of expected registrations from this class (see {@code JniSignatureList}), and
 * a harness under Wine checks that {@code JNI_OnLoad} registers exactly those methods: add a method here and in
 * {@code dx_jni.c} together.
 */
final class Native {

    /** The library's base name; the loader appends {@code _<arch>}. */
    static final String LIBRARY_NAME = "dx_transport_iocp";

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;

    private Native() {
    }

    /**
     * Loads the library unless its natives are already registered (for example because the application loaded it
     * with {@code System.load} first, which the cheap native probe detects).
     *
     * @throws UnsatisfiedLinkError if no candidate could be loaded, with every attempt's error suppressed in it
     */
    static void load() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            try {
                initialize(); // a harmless, idempotent probe: succeeds only if the natives are already registered
                loaded = true;
                return;
            } catch (UnsatisfiedLinkError notYet) {
                // expected: load it below
            }
            NativeLibraryLoader.load(LIBRARY_NAME, Native.class.getClassLoader());
            loaded = true;
        }
    }

    // ---- process, ports, operations ----

    static native int initialize();

    static native long createPort(int concurrency);

    static native int closePort(long port);

    static native int associate(long port, long handle, long key);

    static native int dequeue(long port, ByteBuffer entries, int maxEntries, int timeoutMillis);

    static native int post(long port, long key, int bytes);

    static native long newOperation();

    static native void freeOperation(long operation);

    static native int cancel(long handle, long operation);

    // ---- sockets ----

    static native long socket(int family, int type);

    static native int closeSocket(long socket);

    static native int bind(long socket, byte[] address);

    static native int listen(long socket, int backlog);

    static native int localAddress(long socket, byte[] out);

    static native int remoteAddress(long socket, byte[] out);

    static native int shutdown(long socket, int how);

    static native int setOption(long socket, int option, int value);

    static native int getOption(long socket, int option, int[] out);

    static native int accept(long listenSocket, long acceptSocket, long operation);

    static native int updateAcceptContext(long acceptSocket, long listenSocket);

    static native int connect(long socket, byte[] address, long operation);

    static native int connectDatagram(long socket, byte[] address);

    static native int updateConnectContext(long socket);

    static native int recv(long socket, ByteBuffer buffer, int offset, int length, long operation);

    static native int tryRecv(long socket, ByteBuffer buffer, int offset, int length);

    static native int send(long socket, ByteBuffer[] buffers, int[] offsets, int[] lengths, int count,
                           long operation);

    static native int recvFrom(long socket, ByteBuffer buffer, int offset, int length, long operation);

    static native int sendTo(long socket, ByteBuffer buffer, int offset, int length, byte[] address,
                             long operation);

    static native int operationAddress(long operation, byte[] out);

    // ---- files ----

    static native long openFile(String path);

    static native long fileSize(long file);

    static native int readFile(long file, long position, ByteBuffer buffer, int offset, int length, long operation);

    static native int closeFile(long file);
}
