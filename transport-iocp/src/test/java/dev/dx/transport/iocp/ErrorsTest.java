/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.transport.iocp.internal.IocpApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Errors}: every Windows error number the transport knows is named in messages, and each family of errors
 * becomes the Java exception that NIO users catch for it.
 */
class ErrorsTest {

    @Test
    void everyKnownErrorIsNamedAndAnUnknownOneIsJustAnError() {
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(IocpApi.ERROR_HANDLE_EOF, "ERROR_HANDLE_EOF");
        names.put(IocpApi.ERROR_NETNAME_DELETED, "ERROR_NETNAME_DELETED");
        names.put(IocpApi.ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER");
        names.put(IocpApi.ERROR_OPERATION_ABORTED, "ERROR_OPERATION_ABORTED");
        names.put(IocpApi.ERROR_NOT_FOUND, "ERROR_NOT_FOUND");
        names.put(IocpApi.ERROR_CONNECTION_REFUSED, "ERROR_CONNECTION_REFUSED");
        names.put(IocpApi.ERROR_CONNECTION_ABORTED, "ERROR_CONNECTION_ABORTED");
        names.put(IocpApi.ERROR_PORT_UNREACHABLE, "ERROR_PORT_UNREACHABLE");
        names.put(IocpApi.WSAENOTSOCK, "WSAENOTSOCK");
        names.put(IocpApi.WSAEINVAL, "WSAEINVAL");
        names.put(IocpApi.WSAEMSGSIZE, "WSAEMSGSIZE");
        names.put(IocpApi.WSAEADDRINUSE, "WSAEADDRINUSE");
        names.put(IocpApi.WSAEADDRNOTAVAIL, "WSAEADDRNOTAVAIL");
        names.put(IocpApi.WSAENETUNREACH, "WSAENETUNREACH");
        names.put(IocpApi.WSAECONNABORTED, "WSAECONNABORTED");
        names.put(IocpApi.WSAECONNRESET, "WSAECONNRESET");
        names.put(IocpApi.WSAENOTCONN, "WSAENOTCONN");
        names.put(IocpApi.WSAESHUTDOWN, "WSAESHUTDOWN");
        names.put(IocpApi.WSAETIMEDOUT, "WSAETIMEDOUT");
        names.put(IocpApi.WSAECONNREFUSED, "WSAECONNREFUSED");
        names.put(IocpApi.WSAEHOSTUNREACH, "WSAEHOSTUNREACH");
        names.forEach((error, name) -> assertThat(Errors.name(error)).as("name of %d", error).isEqualTo(name));
        assertThat(Errors.name(IocpApi.WSAEWOULDBLOCK)).isEqualTo("error");
        assertThat(Errors.message("WSASend", 12345)).isEqualTo("WSASend(..) failed: error (12345)");
        assertThat(Errors.message("bind", IocpApi.WSAEADDRINUSE)).isEqualTo("bind(..) failed: WSAEADDRINUSE (10048)");
    }

    @Test
    void resetAndRefusedFamilies() {
        assertThat(List.of(IocpApi.WSAECONNRESET, IocpApi.ERROR_NETNAME_DELETED, IocpApi.WSAECONNABORTED,
                IocpApi.ERROR_CONNECTION_ABORTED)).allMatch(Errors::isReset);
        assertThat(List.of(IocpApi.ERROR_OPERATION_ABORTED, IocpApi.WSAECONNREFUSED, IocpApi.WSAETIMEDOUT, 0))
                .noneMatch(Errors::isReset);
        assertThat(List.of(IocpApi.WSAECONNREFUSED, IocpApi.ERROR_CONNECTION_REFUSED)).allMatch(Errors::isRefused);
        assertThat(List.of(IocpApi.WSAECONNRESET, IocpApi.WSAETIMEDOUT, 0)).noneMatch(Errors::isRefused);
    }

    @Test
    void anAbortIsAClosedChannelThatKeepsTheWindowsErrorAsItsCause() {
        IOException e = Errors.newIOException("WSARecv", IocpApi.ERROR_OPERATION_ABORTED);
        assertThat(e).isExactlyInstanceOf(ClosedChannelException.class);
        assertThat(e.getCause()).isExactlyInstanceOf(IOException.class)
                .hasMessage("WSARecv(..) failed: ERROR_OPERATION_ABORTED (995)");
    }

    @Test
    void eachFamilyBecomesTheExceptionNioUsersCatch() {
        assertThat(Errors.newIOException("ConnectEx", IocpApi.WSAECONNREFUSED)).isExactlyInstanceOf(ConnectException.class)
                .hasMessage("ConnectEx(..) failed: WSAECONNREFUSED (10061): Connection refused");
        assertThat(Errors.newIOException("ConnectEx", IocpApi.ERROR_CONNECTION_REFUSED))
                .isExactlyInstanceOf(ConnectException.class).hasMessageEndingWith("(1225): Connection refused");
        assertThat(Errors.newIOException("ConnectEx", IocpApi.WSAEHOSTUNREACH))
                .isExactlyInstanceOf(NoRouteToHostException.class).hasMessage("ConnectEx(..) failed: WSAEHOSTUNREACH (10065)");
        assertThat(Errors.newIOException("ConnectEx", IocpApi.WSAENETUNREACH))
                .isExactlyInstanceOf(NoRouteToHostException.class).hasMessageContaining("WSAENETUNREACH (10051)");
        assertThat(Errors.newIOException("WSARecvFrom", IocpApi.ERROR_PORT_UNREACHABLE))
                .isExactlyInstanceOf(PortUnreachableException.class)
                .hasMessage("WSARecvFrom(..) failed: ERROR_PORT_UNREACHABLE (1234)");
        for (int reset : new int[] {IocpApi.WSAECONNRESET, IocpApi.ERROR_NETNAME_DELETED, IocpApi.WSAECONNABORTED,
                IocpApi.ERROR_CONNECTION_ABORTED}) {
            assertThat(Errors.newIOException("WSARecv", reset)).isExactlyInstanceOf(IOException.class)
                    .hasMessageStartingWith("WSARecv(..) failed: " + Errors.name(reset))
                    .hasMessageEndingWith(": Connection reset by peer");
        }
        assertThat(Errors.newIOException("bind", IocpApi.WSAEADDRINUSE)).isExactlyInstanceOf(IOException.class)
                .hasMessage("bind(..) failed: WSAEADDRINUSE (10048)");
    }
}
