/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;

/**
 * {@link JniIocpApi} rejects a broken caller precondition (a heap or {@code null} buffer, a range outside the buffer,
 * a short address array, a bad count) in Java, before any native call could hand the C side memory it must not
 * touch. Those checks run before the natives, so they are tested on every OS: the instance is made reflectively,
 * because {@link JniIocpApi#create()} loads the DLL.
 */
class JniIocpApiPreconditionsTest {

    private static final long SOCKET = 0x100;
    private static final long OP = 0x200;

    private static JniIocpApi api;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(64);
    private final ByteBuffer heap = ByteBuffer.allocate(64);
    private final byte[] address = new byte[IocpApi.SOCKADDR_SIZE];
    private final byte[] shortAddress = new byte[IocpApi.SOCKADDR_SIZE - 1];

    @BeforeAll
    static void instance() throws Exception {
        Constructor<JniIocpApi> c = JniIocpApi.class.getDeclaredConstructor();
        c.setAccessible(true);
        api = c.newInstance();
    }

    @Test
    void buffersMustBeDirectAndTheRangeInsideThem() {
        assertThatThrownBy(() -> api.recv(SOCKET, null, 0, 1, OP)).isInstanceOf(NullPointerException.class)
                .hasMessage("buffer");
        assertThatThrownBy(() -> api.recv(SOCKET, heap, 0, 1, OP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("buffer must be direct");
        assertThatThrownBy(() -> api.tryRecv(SOCKET, direct, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset : -1, length : 1 (expected: 0 <= offset, 0 <= length, offset + length <= 64)");
        assertThatThrownBy(() -> api.recvFrom(SOCKET, direct, 0, -1, OP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("offset : 0, length : -1");
        assertThatThrownBy(() -> api.readFile(SOCKET, 0, direct, 60, 5, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("offset : 60, length : 5");
        assertThatThrownBy(() -> api.recv(SOCKET, direct, Integer.MAX_VALUE, 1, OP))
                .as("no int overflow in the range check").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> api.sendTo(SOCKET, heap, 0, 1, address, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("buffer must be direct");
    }

    @Test
    void addressesMustHoldAWholeSockaddr() {
        assertThatThrownBy(() -> api.bind(SOCKET, null)).isInstanceOf(NullPointerException.class).hasMessage("address");
        assertThatThrownBy(() -> api.bind(SOCKET, shortAddress)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address.length : 23 (expected: >= 24)");
        assertThatThrownBy(() -> api.connect(SOCKET, shortAddress, OP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("address.length");
        assertThatThrownBy(() -> api.connectDatagram(SOCKET, shortAddress))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address.length");
        assertThatThrownBy(() -> api.sendTo(SOCKET, direct, 0, 1, shortAddress, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("address.length");
        assertThatThrownBy(() -> api.localAddress(SOCKET, shortAddress)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("out.length : 23");
        assertThatThrownBy(() -> api.remoteAddress(SOCKET, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("out");
        assertThatThrownBy(() -> api.operationAddress(OP, shortAddress)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("out.length");
    }

    @Test
    void dequeueNeedsRoomForTheRecordsItMayWrite() {
        assertThatThrownBy(() -> api.dequeue(1, direct, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEntries : 0 (expected: > 0)");
        assertThatThrownBy(() -> api.dequeue(1, direct, 3, 0)).as("3 records need 72 bytes, the buffer has 64")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length : 72");
        assertThatThrownBy(() -> api.dequeue(1, ByteBuffer.allocate(240), 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("buffer must be direct");
    }

    @Test
    void gatheringSendChecksCountArraysAndEveryBuffer() {
        ByteBuffer[] two = {direct, direct};
        int[] offsets = {0, 0};
        int[] lengths = {1, 1};
        assertThatThrownBy(() -> api.send(SOCKET, two, offsets, lengths, 0, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count : 0 (expected: 1..64)");
        assertThatThrownBy(() -> api.send(SOCKET, new ByteBuffer[65], new int[65], new int[65], 65, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count : 65 (expected: 1..64)");
        assertThatThrownBy(() -> api.send(SOCKET, two, offsets, new int[1], 2, OP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count : 2 (expected: <= the length of each array)");
        assertThatThrownBy(() -> api.send(SOCKET, new ByteBuffer[1], offsets, lengths, 2, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("each array");
        assertThatThrownBy(() -> api.send(SOCKET, two, new int[1], lengths, 2, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("each array");
        assertThatThrownBy(() -> api.send(SOCKET, new ByteBuffer[] {direct, heap}, offsets, lengths, 2, OP))
                .as("the second buffer is checked too").isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("buffer must be direct");
        assertThatThrownBy(() -> api.send(SOCKET, two, offsets, new int[] {1, 65}, 2, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("offset : 0, length : 65");
    }

    @Test
    void otherArguments() {
        assertThatThrownBy(() -> api.getOption(SOCKET, IocpApi.OPT_SO_RCVBUF, null))
                .isInstanceOf(NullPointerException.class).hasMessage("out");
        assertThatThrownBy(() -> api.getOption(SOCKET, IocpApi.OPT_SO_RCVBUF, new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("out.length : 0 (expected: >= 1)");
        assertThatThrownBy(() -> api.readFile(SOCKET, -1, direct, 0, 1, OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("position : -1 (expected: >= 0)");
        assertThatThrownBy(() -> api.openFile(null)).isInstanceOf(NullPointerException.class).hasMessage("path");
    }
}
