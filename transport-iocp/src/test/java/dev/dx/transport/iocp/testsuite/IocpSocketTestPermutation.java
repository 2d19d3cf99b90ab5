/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.testsuite;

import dev.dx.transport.iocp.IocpDatagramChannel;
import dev.dx.transport.iocp.IocpIoHandler;
import dev.dx.transport.iocp.IocpServerSocketChannel;
import dev.dx.transport.iocp.IocpSocketChannel;
import dev.dx.transport.iocp.IocpTestSupport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.ArrayList;
import java.util.List;

/** IOCP crossed with NIO as client and as server (IOCP×IOCP, IOCP×NIO, NIO×IOCP; no NIO×NIO). */
final class IocpSocketTestPermutation extends SocketTestPermutation {

    static final IocpSocketTestPermutation INSTANCE = new IocpSocketTestPermutation();

    static final EventLoopGroup IOCP_BOSS_GROUP = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("testsuite-iocp-boss", true), IocpIoHandler.newFactory(IocpTestSupport.config()));
    static final EventLoopGroup IOCP_WORKER_GROUP = new MultiThreadIoEventLoopGroup(2,
            new DefaultThreadFactory("testsuite-iocp-worker", true),
            IocpIoHandler.newFactory(IocpTestSupport.config()));

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> list = combo(serverSocket(), clientSocket());
        list.remove(list.size() - 1); // NIO x NIO
        return list;
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        List<BootstrapFactory<ServerBootstrap>> list = new ArrayList<>();
        list.add(() -> new ServerBootstrap().group(IOCP_BOSS_GROUP, IOCP_WORKER_GROUP)
                .channel(IocpServerSocketChannel.class));
        list.add(() -> new ServerBootstrap().group(NIO_GROUP, NIO_GROUP).channel(NioServerSocketChannel.class));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        List<BootstrapFactory<Bootstrap>> list = new ArrayList<>();
        list.add(() -> new Bootstrap().group(IOCP_WORKER_GROUP).channel(IocpSocketChannel.class));
        list.add(() -> new Bootstrap().group(NIO_GROUP).channel(NioSocketChannel.class));
        return list;
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocketWithFastOpen() {
        return clientSocket();
    }

    @Override
    public List<BootstrapComboFactory<Bootstrap, Bootstrap>> datagram(SocketProtocolFamily family) {
        List<BootstrapFactory<Bootstrap>> list = new ArrayList<>();
        list.add(() -> new Bootstrap().group(IOCP_WORKER_GROUP).channelFactory(new ChannelFactory<Channel>() {
            @Override
            public Channel newChannel() {
                return new IocpDatagramChannel(family);
            }

            @Override
            public String toString() {
                return "IocpDatagramChannel.class";
            }
        }));
        list.add(() -> new Bootstrap().group(NIO_GROUP).channelFactory(new ChannelFactory<Channel>() {
            @Override
            public Channel newChannel() {
                return new NioDatagramChannel(family);
            }

            @Override
            public String toString() {
                return "NioDatagramChannel.class";
            }
        }));
        List<BootstrapComboFactory<Bootstrap, Bootstrap>> combos = combo(list, list);
        combos.remove(combos.size() - 1); // NIO x NIO
        return combos;
    }
}
