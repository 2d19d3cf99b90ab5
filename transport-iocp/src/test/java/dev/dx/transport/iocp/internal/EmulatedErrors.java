/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/** Maps {@code java.nio} exceptions to the Windows error numbers the real port would report. */
final class EmulatedErrors {

    private EmulatedErrors() {
    }

    static int of(Throwable t) {
        if (t instanceof ClosedChannelException) {
            return IocpApi.ERROR_OPERATION_ABORTED;
        }
        if (t instanceof PortUnreachableException) {
            return IocpApi.ERROR_PORT_UNREACHABLE;
        }
        if (t instanceof NoRouteToHostException) {
            return IocpApi.WSAEHOSTUNREACH;
        }
        if (t instanceof SocketTimeoutException) {
            return IocpApi.WSAETIMEDOUT;
        }
        if (t instanceof NotYetConnectedException) {
            return IocpApi.WSAENOTCONN;
        }
        if (t instanceof UnresolvedAddressException) {
            return IocpApi.WSAEADDRNOTAVAIL;
        }
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof BindException) {
            return m.contains("assign") ? IocpApi.WSAEADDRNOTAVAIL : IocpApi.WSAEADDRINUSE;
        }
        if (t instanceof ConnectException || m.contains("refused")) {
            if (m.contains("unreachable")) {
                return IocpApi.WSAENETUNREACH;
            }
            return m.contains("timed out") ? IocpApi.WSAETIMEDOUT : IocpApi.WSAECONNREFUSED;
        }
        if (m.contains("reset") || m.contains("broken pipe")) {
            return IocpApi.WSAECONNRESET;
        }
        if (m.contains("unreachable")) {
            return IocpApi.WSAENETUNREACH;
        }
        if (t instanceof IllegalArgumentException || t instanceof UnsupportedOperationException) {
            return IocpApi.ERROR_INVALID_PARAMETER;
        }
        if (t instanceof IOException) {
            return IocpApi.WSAECONNABORTED;
        }
        return IocpApi.ERROR_INVALID_PARAMETER;
    }
}
