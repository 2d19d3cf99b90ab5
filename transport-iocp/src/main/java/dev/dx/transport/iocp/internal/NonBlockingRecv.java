/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.ByteBuffer;

/**
 * Optional capability of an {@link IocpApi} implementation: a synchronous, non-blocking receive that lets a
 * channel continue a read loop with data the socket already holds, without posting another overlapped receive.
 * Both implementations provide it; with an implementation without it every read loop is one overlapped
 * {@link IocpApi#recv} long.
 *
 * <p>Native form: {@code recv(socket, address + offset, length, 0)} on a socket switched to non-blocking mode with
 * {@code FIONBIO} on first use, called only while no receive is in flight on the socket.
 */
public interface NonBlockingRecv {

    /**
     * Receives what is available now, never waiting.
     *
     * @return bytes received ({@code > 0}), {@code 0} at end of stream, {@code -WSAEWOULDBLOCK} (-10035) when
     *         nothing is available, or another negated Windows error number
     */
    int tryRecv(long socket, ByteBuffer buffer, int offset, int length);
}
