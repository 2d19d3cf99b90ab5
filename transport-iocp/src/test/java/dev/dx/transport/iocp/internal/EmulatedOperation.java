/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.ByteBuffer;

/** The emulator's OVERLAPPED block: the request currently in flight on it, if any. */
final class EmulatedOperation {

    static final int ACCEPT = 1;
    static final int CONNECT = 2;
    static final int RECV = 3;
    static final int SEND = 4;
    static final int RECV_FROM = 5;
    static final int SEND_TO = 6;
    static final int READ_FILE = 7;

    final long handle;
    /** From a successful start until the completion record is dequeued. */
    volatile boolean inFlight;
    boolean freed;

    // the request (valid while in flight)
    int kind;
    Object target;
    ByteBuffer[] buffers;
    long acceptSocket;
    long position;
    int transferred;
    /** The result of a send completion held back by the test hook (see {@code EmulatedSocket.holdSends}). */
    int heldBytes;
    int heldError;
    java.net.InetSocketAddress address;
    /** Source address of the last RECV_FROM (encoded). */
    final byte[] source = new byte[IocpApi.SOCKADDR_SIZE];

    EmulatedOperation(long handle) {
        this.handle = handle;
    }

    void start(int kind, Object target) {
        this.kind = kind;
        this.target = target;
        this.transferred = 0;
        this.inFlight = true;
    }

    void clear() {
        buffers = null;
        target = null;
        address = null;
    }
}
