/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

/**
 * The emulator's send hooks, which make WSASend complete the ways Windows may but seldom does: having sent fewer
 * bytes than it was given ({@link #limit}), or after operations started later ({@link #hold} until
 * {@link #release}). The sockets carry out the hooks (see {@link EmulatedSocket#sendLimit} and
 * {@link EmulatedSocket#holdSends}); this class only sets them.
 *
 * <p>It may touch the hook fields of the open {@link EmulatedSocket}s in the emulator's handle table, and queue held
 * completions on their ports through {@link EmulatedIocpApi#complete}; it takes the emulator's lock for each call, so
 * any thread may use it.
 */
final class EmulatedSendHooks {

    private final Object lock;
    private final EmulatedHandles handles;

    /** Hooks on the sockets of {@code handles}, guarded by the emulator's {@code lock}. */
    EmulatedSendHooks(Object lock, EmulatedHandles handles) {
        this.lock = lock;
        this.handles = handles;
    }

    /**
     * Every later WSASend on {@code socket} sends at most {@code maxBytes} and completes with that count; 0 turns
     * the limit off.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative or {@code socket} is not an open socket
     */
    void limit(long socket, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes : " + maxBytes + " (expected: >= 0)");
        }
        synchronized (lock) {
            open(socket).sendLimit = maxBytes;
        }
    }

    /**
     * Holds back the completions of the sends on {@code socket} until {@link #release} or its close.
     *
     * @throws IllegalArgumentException if {@code socket} is not an open socket
     */
    void hold(long socket) {
        synchronized (lock) {
            open(socket).holdSends = true;
        }
    }

    /** The number of send completions held back on {@code socket}. */
    int held(long socket) {
        synchronized (lock) {
            return open(socket).heldSends.size();
        }
    }

    /** Queues the held send completions of {@code socket}, oldest first, and stops holding; returns how many. */
    int release(EmulatedIocpApi api, long socket) {
        synchronized (lock) {
            EmulatedSocket s = open(socket);
            s.holdSends = false;
            return s.releaseHeldSends(api);
        }
    }

    private EmulatedSocket open(long socket) {
        EmulatedSocket s = handles.get(socket, EmulatedSocket.class);
        if (s == null || s.closed) {
            throw new IllegalArgumentException("not an open socket of the emulator: " + socket);
        }
        return s;
    }
}
