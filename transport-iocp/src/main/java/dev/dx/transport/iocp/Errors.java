/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;

/** Turns Windows error numbers into Java exceptions with messages naming the call and the error. */
final class Errors {

    private Errors() {
    }

    static String name(int error) {
        switch (error) {
            case IocpApi.ERROR_HANDLE_EOF: return "ERROR_HANDLE_EOF";
            case IocpApi.ERROR_NETNAME_DELETED: return "ERROR_NETNAME_DELETED";
            case IocpApi.ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
            case IocpApi.ERROR_OPERATION_ABORTED: return "ERROR_OPERATION_ABORTED";
            case IocpApi.ERROR_NOT_FOUND: return "ERROR_NOT_FOUND";
            case IocpApi.ERROR_CONNECTION_REFUSED: return "ERROR_CONNECTION_REFUSED";
            case IocpApi.ERROR_CONNECTION_ABORTED: return "ERROR_CONNECTION_ABORTED";
            case IocpApi.ERROR_PORT_UNREACHABLE: return "ERROR_PORT_UNREACHABLE";
            case IocpApi.WSAENOTSOCK: return "WSAENOTSOCK";
            case IocpApi.WSAEINVAL: return "WSAEINVAL";
            case IocpApi.WSAEMSGSIZE: return "WSAEMSGSIZE";
            case IocpApi.WSAEADDRINUSE: return "WSAEADDRINUSE";
            case IocpApi.WSAEADDRNOTAVAIL: return "WSAEADDRNOTAVAIL";
            case IocpApi.WSAENETUNREACH: return "WSAENETUNREACH";
            case IocpApi.WSAECONNABORTED: return "WSAECONNABORTED";
            case IocpApi.WSAECONNRESET: return "WSAECONNRESET";
            case IocpApi.WSAENOTCONN: return "WSAENOTCONN";
            case IocpApi.WSAESHUTDOWN: return "WSAESHUTDOWN";
            case IocpApi.WSAETIMEDOUT: return "WSAETIMEDOUT";
            case IocpApi.WSAECONNREFUSED: return "WSAECONNREFUSED";
            case IocpApi.WSAEHOSTUNREACH: return "WSAEHOSTUNREACH";
            default: return "error";
        }
    }

    static boolean isReset(int error) {
        return error == IocpApi.WSAECONNRESET || error == IocpApi.ERROR_NETNAME_DELETED
                || error == IocpApi.WSAECONNABORTED || error == IocpApi.ERROR_CONNECTION_ABORTED;
    }

    static boolean isRefused(int error) {
        return error == IocpApi.WSAECONNREFUSED || error == IocpApi.ERROR_CONNECTION_REFUSED;
    }

    /** {@code "<call>(..) failed: <NAME> (<number>)"}. */
    static String message(String call, int error) {
        return call + "(..) failed: " + name(error) + " (" + error + ')';
    }

    static IOException newIOException(String call, int error) {
        if (error == IocpApi.ERROR_OPERATION_ABORTED) {
            ClosedChannelException e = new ClosedChannelException();
            e.initCause(new IOException(message(call, error)));
            return e;
        }
        if (isRefused(error)) {
            return new ConnectException(message(call, error) + ": Connection refused");
        }
        if (error == IocpApi.WSAEHOSTUNREACH || error == IocpApi.WSAENETUNREACH) {
            return new NoRouteToHostException(message(call, error));
        }
        if (error == IocpApi.ERROR_PORT_UNREACHABLE) {
            return new PortUnreachableException(message(call, error));
        }
        if (isReset(error)) {
            return new IOException(message(call, error) + ": Connection reset by peer");
        }
        return new IOException(message(call, error));
    }
}
