/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The socket calls that answer at once, on sockets that have not got as far as the call needs. */
@Timeout(30)
class EmulatedSocketCallsTest {

    private static final byte[] LOOPBACK = SockAddr.encode(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

    @Test
    void anUnconnectedSocketHasALocalAddressButNoPeer() throws Exception {
        for (int type : new int[] {IocpApi.TYPE_STREAM, IocpApi.TYPE_DGRAM}) {
            EmulatedSocket s = new EmulatedSocket(1 << 4, IocpApi.FAMILY_IPV4, type);
            try {
                assertThat(EmulatedSocketCalls.bind(s, LOOPBACK)).isZero();
                byte[] out = new byte[IocpApi.SOCKADDR_SIZE];
                assertThat(EmulatedSocketCalls.localAddress(s, out)).isZero();
                assertThat(SockAddr.port(out)).isPositive();
                assertThat(EmulatedSocketCalls.remoteAddress(s, out)).as("type %d", type)
                        .isEqualTo(IocpApi.WSAENOTCONN);
            } finally {
                EmulatedSocket.closeQuietly(s.channel());
            }
        }
    }

    @Test
    void aSocketThatNeverConnectedCannotShutDownNorUpdateItsConnectContext() throws Exception {
        EmulatedSocket s = new EmulatedSocket(1 << 4, IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM);
        try {
            assertThat(EmulatedSocketCalls.shutdown(s, IocpApi.SD_BOTH)).isEqualTo(IocpApi.WSAENOTCONN);
            assertThat(EmulatedSocketCalls.updateConnectContext(s)).isEqualTo(IocpApi.WSAENOTCONN);
            assertThat(EmulatedSocketCalls.listen(s, 1)).as("not bound").isEqualTo(IocpApi.ERROR_INVALID_PARAMETER);
            assertThat(EmulatedSocketCalls.connectDatagram(s, LOOPBACK)).as("not a datagram socket")
                    .isEqualTo(IocpApi.ERROR_INVALID_PARAMETER);
        } finally {
            EmulatedSocket.closeQuietly(s.channel());
        }
    }
}
