/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.channel.ChannelException;

/**
 * Socket option values of a channel whose socket is created lazily (on bind or connect, when the address family is
 * known): values set before that are remembered and applied when the socket appears; afterwards they go straight
 * to {@code setsockopt}.
 */
final class SocketOptionState {

    private static final int COUNT = 11;
    private final int[] values = new int[COUNT];
    private final boolean[] present = new boolean[COUNT];
    private final int[] out = new int[1];
    private volatile IocpApi api;
    private volatile long socket;

    synchronized void set(int option, int value) {
        values[option] = value;
        present[option] = true;
        long s = socket;
        if (s != 0) {
            int err = api.setOption(s, option, value);
            if (err != 0) {
                throw new ChannelException(Errors.message("setsockopt", err));
            }
        }
    }

    synchronized int get(int option, int defaultValue) {
        long s = socket;
        if (s != 0 && api.getOption(s, option, out) == 0) {
            return out[0];
        }
        return present[option] ? values[option] : defaultValue;
    }

    boolean isSet(int option) {
        return present[option];
    }

    /** Applies every remembered value to a new socket; later calls go to the socket directly. */
    synchronized void attach(IocpApi api, long socket) throws java.io.IOException {
        for (int i = 0; i < COUNT; i++) {
            if (present[i]) {
                int err = api.setOption(socket, i, values[i]);
                if (err != 0) {
                    throw Errors.newIOException("setsockopt", err);
                }
            }
        }
        this.api = api;
        this.socket = socket;
    }

    /** Forgets the socket (closed); getters return the remembered values again. */
    synchronized void detach() {
        socket = 0;
    }
}
