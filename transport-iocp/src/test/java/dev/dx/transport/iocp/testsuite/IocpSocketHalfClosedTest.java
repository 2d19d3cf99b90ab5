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
import org.junit.jupiter.api.Disabled;
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
     * Known gap, shared with NIO (for which the test skips itself): with auto-read off and no {@code read()}
     * pending, nothing is posted on the socket, so a FIN from the peer goes unnoticed until the next
     * {@code read()}. epoll and io_uring see it through RDHUP; the IOCP equivalent would be a zero-byte
     * {@code WSARecv} kept posted, which is not implemented yet.
     */
    @Override
    @Test
    @Disabled("known gap shared with NIO: no peer-FIN notice while auto-read is off and no read() is pending")
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
