/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ServerSocketChannel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * A TCP {@link ServerSocketChannel} over an I/O completion port. Once reading starts it keeps
 * {@link IocpServerSocketChannelConfig#getPendingAccepts()} (default: the handler's
 * {@link IocpIoHandlerConfig#pendingAccepts()}) {@code AcceptEx} calls pending, each with a fresh accept socket,
 * and turns every completed accept into an {@link IocpSocketChannel} passed to {@code channelRead}. With
 * auto-read off, accepts that complete without a pending {@code read()} are kept until the next {@code read()}.
 */
public final class IocpServerSocketChannel extends AbstractIocpChannel implements ServerSocketChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    private static final int ACCEPT = 1;

    private final IocpServerSocketChannelConfig config;
    private final ArrayList<IocpOperation> acceptOps = new ArrayList<>();
    private final ArrayDeque<IocpSocketChannel> accepted = new ArrayDeque<>();
    private volatile boolean listening;
    private boolean readPending;

    /** Creates an unbound server channel (the socket is created on bind). */
    public IocpServerSocketChannel() {
        super(null);
        config = new IocpServerSocketChannelConfig(this);
    }

    @Override
    public IocpServerSocketChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isActive() {
        return isOpen() && listening;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new IocpServerUnsafe();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        bindSocket((InetSocketAddress) localAddress, IocpApi.TYPE_STREAM);
        int err = api.listen(socket, config.getBacklog());
        if (err != 0) {
            throw Errors.newIOException("listen", err);
        }
        listening = true;
    }

    private int pendingAccepts() {
        int n = config.getPendingAccepts();
        return n > 0 ? n : registration.handler().config().pendingAccepts();
    }

    @Override
    protected void doBeginRead() {
        if (!isActive()) {
            return;
        }
        readPending = true;
        IocpSocketChannel child = accepted.poll();
        if (child != null) {
            readPending = false;
            pipeline().fireChannelRead(child);
            pipeline().fireChannelReadComplete();
        }
        int want = pendingAccepts();
        int inFlight = 0;
        for (IocpOperation op : acceptOps) {
            if (op.inFlight) {
                inFlight++;
            }
        }
        for (IocpOperation op : acceptOps) {
            if (inFlight >= want) {
                return;
            }
            if (!op.inFlight) {
                if (!postAccept(op)) {
                    return;
                }
                inFlight++;
            }
        }
        while (inFlight < want) {
            IocpOperation op = registration.newOperation();
            acceptOps.add(op);
            if (!postAccept(op)) {
                return;
            }
            inFlight++;
        }
    }

    private boolean postAccept(IocpOperation op) {
        long child = api.socket(family, IocpApi.TYPE_STREAM);
        if (child <= 0) {
            pipeline().fireExceptionCaught(Errors.newIOException("WSASocket", (int) -child));
            return false;
        }
        int err = registration.started(op, api.accept(socket, child, op.handle));
        if (err != 0) {
            api.closeSocket(child);
            pipeline().fireExceptionCaught(Errors.newIOException("AcceptEx", err));
            return false;
        }
        op.kind = ACCEPT;
        op.value = child;
        return true;
    }

    @Override
    void complete(IocpOperation op, int bytes, int error) {
        long child = op.value;
        op.value = 0;
        if (!isOpen()) {
            api.closeSocket(child);
            return;
        }
        if (error != 0) {
            api.closeSocket(child);
            // A connection reset before AcceptEx completed (ERROR_NETNAME_DELETED and kin) concerns that client only:
            // re-post quietly, as libuv does. Firing it would make ServerBootstrap pause accepting for a second.
            if (error != IocpApi.ERROR_OPERATION_ABORTED && !Errors.isReset(error)) {
                pipeline().fireExceptionCaught(Errors.newIOException("AcceptEx", error));
            }
        } else {
            int err = api.updateAcceptContext(child, socket);
            if (err != 0) {
                api.closeSocket(child);
                pipeline().fireExceptionCaught(Errors.newIOException("SO_UPDATE_ACCEPT_CONTEXT", err));
            } else {
                IocpSocketChannel ch = new IocpSocketChannel(this, api, child, family);
                if (readPending || config.isAutoRead()) {
                    readPending = false;
                    pipeline().fireChannelRead(ch);
                    pipeline().fireChannelReadComplete();
                } else {
                    accepted.add(ch);
                }
            }
        }
        // not on a cancelled registration (a deregistered listener): its aborted accepts must stay back so that the
        // registration can finish, and it must not accept any more
        if (!op.inFlight && isActive() && registration.isValid() && (readPending || config.isAutoRead())) {
            postAccept(op);
        }
    }

    @Override
    protected void doClose() throws Exception {
        super.doClose();
        IocpSocketChannel ch;
        while ((ch = accepted.poll()) != null) {
            ch.unsafe().closeForcibly();
        }
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        throw new UnsupportedOperationException();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        throw new UnsupportedOperationException();
    }

    /** Server channels do not connect. */
    final class IocpServerUnsafe extends AbstractIocpUnsafe {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException());
        }
    }
}
