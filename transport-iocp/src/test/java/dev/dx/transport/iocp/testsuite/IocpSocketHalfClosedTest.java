/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.testsuite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.IocpTestSupport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

/** Netty's {@link SocketHalfClosedTest} over the IOCP channels. */
class IocpSocketHalfClosedTest extends SocketHalfClosedTest {

    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return IocpSocketTestPermutation.INSTANCE.socket();
    }

    /**
     * With auto-read off and no {@code read()} pending, the channel keeps a zero-byte {@code WSARecv} posted; the
     * peer's FIN completes it, the read-ahead then sees the end of the stream and the half-closure events fire.
     */
    @Override
    @Test
    public void testAllDataReadEventTriggeredAfterHalfClosure(TestInfo testInfo) throws Throwable {
        super.testAllDataReadEventTriggeredAfterHalfClosure(testInfo);
    }

    /** Counts read-complete events per read loop: needs read loops longer than one receive. */
    @Override
    @Test
    public void testAllDataReadAfterHalfClosure(TestInfo testInfo) throws Throwable {
        assumeTrue(IocpTestSupport.batchesReads(), "read loops are one WSARecv long without NonBlockingRecv");
        super.testAllDataReadAfterHalfClosure(testInfo);
    }

    /** Counts read-complete events per read loop: needs read loops longer than one receive. */
    @Override
    @Test
    public void testAllDataReadClosure(TestInfo testInfo) throws Throwable {
        assumeTrue(IocpTestSupport.batchesReads(), "read loops are one WSARecv long without NonBlockingRecv");
        super.testAllDataReadClosure(testInfo);
    }
}
