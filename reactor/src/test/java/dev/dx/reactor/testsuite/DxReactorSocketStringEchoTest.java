package dev.dx.reactor.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketStringEchoTest;

import java.util.List;

class DxReactorSocketStringEchoTest extends SocketStringEchoTest {

    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return DxReactorSocketTestPermutation.INSTANCE.socket();
    }
}
