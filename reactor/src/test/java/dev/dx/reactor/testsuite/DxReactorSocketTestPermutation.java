package dev.dx.reactor.testsuite;

import dev.dx.reactor.DxReactor;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;

import java.util.ArrayList;
import java.util.List;

/**
 * Netty's transport testsuite against the event loops a {@link DxReactor} builds (the detected backend,
 * so io_uring with buffer rings here), crossed with NIO as in Netty's
 * {@code IoUringSocketTestPermutation}: reactor x reactor, reactor x NIO, NIO x reactor (no NIO x NIO).
 */
final class DxReactorSocketTestPermutation extends SocketTestPermutation {

    /** The default reactor (no buffer ring). */
    static final DxReactorSocketTestPermutation INSTANCE = new DxReactorSocketTestPermutation(false);
    /** A reactor whose io_uring connections receive into per-core buffer rings. */
    static final DxReactorSocketTestPermutation BUFFER_RING = new DxReactorSocketTestPermutation(true);

    /** Shared by every testsuite class in this JVM; its threads stop when the test JVM exits. */
    private final DxReactor reactor;

    private DxReactorSocketTestPermutation(boolean bufferRing) {
        reactor = DxReactor.builder().workers(NUM_THREADS).bufferRing(bufferRing)
                .threadNamePrefix(bufferRing ? "testsuite-dx-ring" : "testsuite-dx").build().ignite();
    }

    DxReactor reactor() {
        return reactor;
    }

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> list = combo(serverSocket(), clientSocket());
        list.remove(list.size() - 1); // NIO x NIO says nothing about the reactor
        return list;
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        List<BootstrapFactory<ServerBootstrap>> list = new ArrayList<>();
        list.add(reactor::serverBootstrap);
        list.add(() -> new ServerBootstrap().group(NIO_GROUP).channel(NioServerSocketChannel.class));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        List<BootstrapFactory<Bootstrap>> list = new ArrayList<>();
        list.add(reactor::clientBootstrap);
        list.add(() -> new Bootstrap().group(NIO_GROUP).channel(NioSocketChannel.class));
        return list;
    }

    List<BootstrapFactory<Bootstrap>> reactorClientSocket() {
        List<BootstrapFactory<Bootstrap>> list = new ArrayList<>();
        list.add(reactor::clientBootstrap);
        return list;
    }
}
