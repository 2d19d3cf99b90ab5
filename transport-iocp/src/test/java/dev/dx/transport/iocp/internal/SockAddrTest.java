/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The socket-address layout shared with the native side. */
class SockAddrTest {

    @Test
    void ipv4LayoutIsFixed() throws Exception {
        byte[] e = SockAddr.encode(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 0x1F90));
        assertThat(e).hasSize(IocpApi.SOCKADDR_SIZE);
        assertThat(e).startsWith(10, 1, 2, 3, 0);
        assertThat(e[SockAddr.LENGTH_OFFSET]).isEqualTo((byte) 4);
        assertThat(e[SockAddr.PORT_OFFSET]).isEqualTo((byte) 0x1F);
        assertThat(e[SockAddr.PORT_OFFSET + 1]).isEqualTo((byte) 0x90);
        assertThat(SockAddr.family(e)).isEqualTo(IocpApi.FAMILY_IPV4);
    }

    @Test
    void roundTripsAnyAddressAndPort() {
        qt().forAll(integers().between(0, 65535), arbitrary().pick(4, 16), integers().all())
                .checkAssert((port, len, seed) -> {
                    byte[] raw = new byte[len];
                    new java.util.Random(seed).nextBytes(raw);
                    try {
                        InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(raw), port);
                        assertThat(SockAddr.decode(SockAddr.encode(a))).isEqualTo(a);
                    } catch (java.net.UnknownHostException ex) {
                        throw new AssertionError(ex);
                    }
                });
    }
}
