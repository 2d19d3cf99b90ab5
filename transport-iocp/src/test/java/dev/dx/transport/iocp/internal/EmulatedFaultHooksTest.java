/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's fault hooks, which the channel tests use to reach their failure paths: an armed failure hits the
 * next call of one method on the arming thread only, once; an unanswered connection attempt stays pending until it
 * is cancelled or its socket closed.
 */
@Timeout(30)
class EmulatedFaultHooksTest {

    private final EmulatedIocpApi api = EmulatedIocpApi.instance();
    private final ByteBuffer entries = ByteBuffer.allocateDirect(4 * IocpApi.ENTRY_SIZE).order(ByteOrder.nativeOrder());
    private long port;

    @BeforeEach
    void setUp() {
        port = api.createPort(1);
        assertThat(port).isPositive();
    }

    @AfterEach
    void tearDown() {
        assertThat(api.armedFailures()).isEmpty();
        assertThat(api.closePort(port)).isZero();
    }

    @Test
    void anArmedFailureHitsTheNextCallOfThatMethodOnThisThreadOnce() throws Exception {
        api.failNextCall("socket", IocpApi.WSAEADDRINUSE);
        api.failNextCall("bind", IocpApi.WSAEADDRNOTAVAIL);
        assertThat(api.armedFailures()).containsExactlyInAnyOrder("socket", "bind");

        CompletableFuture<Long> elsewhere = CompletableFuture.supplyAsync(
                () -> api.socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM));
        long other = elsewhere.get(10, TimeUnit.SECONDS);
        assertThat(other).as("another thread is not affected").isPositive();
        assertThat(api.closeSocket(other)).isZero();

        assertThat(api.socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM)).isEqualTo(-IocpApi.WSAEADDRINUSE);
        assertThat(api.armedFailures()).containsExactly("bind");
        long s = api.socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM);
        assertThat(s).as("only the next call fails").isPositive();
        byte[] loopback = SockAddr.encode(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThat(api.bind(s, loopback)).isEqualTo(IocpApi.WSAEADDRNOTAVAIL);
        assertThat(api.bind(s, loopback)).isZero();
        assertThat(api.closeSocket(s)).isZero();
    }

    @Test
    void onlyMethodsThatCanFailAndPositiveErrorsAreAccepted() {
        assertThatThrownBy(() -> api.failNextCall("sokcet", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call : sokcet");
        assertThatThrownBy(() -> api.failNextCall("freeOperation", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> api.failNextCall("bind", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error : 0");
    }

    @Test
    void anUnansweredConnectStaysPendingUntilCancelled() {
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        api.leaveConnectsUnanswered(nowhere);
        long s = api.socket(IocpApi.FAMILY_IPV4, IocpApi.TYPE_STREAM);
        long op = api.newOperation();
        try {
            assertThat(api.bind(s, SockAddr.encode(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))))
                    .isZero();
            assertThat(api.associate(port, s, 7)).isZero();
            assertThat(api.connect(s, SockAddr.encode(nowhere), op)).isZero();
            assertThat(api.dequeue(port, entries, 4, 300)).as("no answer, no completion").isZero();
            assertThat(api.cancel(s, op)).isZero();
            assertThat(api.dequeue(port, entries, 4, 5_000)).isEqualTo(1);
            assertThat(entries.getLong(8)).isEqualTo(op);
            assertThat(entries.getInt(20)).isEqualTo(IocpApi.ERROR_OPERATION_ABORTED);
        } finally {
            api.answerConnects(nowhere);
            api.closeSocket(s);
            api.freeOperation(op);
        }
    }
}
