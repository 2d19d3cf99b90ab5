package dev.dx.reactor.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

class DxReactorBufferRingSocketHalfClosedTest extends SocketHalfClosedTest {

    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return DxReactorSocketTestPermutation.BUFFER_RING.socket();
    }

    /** Netty disables this one for its own io_uring transport too (IoUringSocketHalfClosedTest). */
    @Disabled("disabled for io_uring by Netty itself (IoUringSocketHalfClosedTest)")
    @Test
    @Override
    public void testAutoCloseFalseDoesShutdownOutput(TestInfo testInfo) throws Throwable {
        super.testAutoCloseFalseDoesShutdownOutput(testInfo);
    }
}
