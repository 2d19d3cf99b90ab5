/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import dev.dx.transport.iocp.internal.SockAddr;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * Common base of the IOCP channels: the lazily created socket, its association with the event loop's completion
 * port, the registration and the cached addresses. Completions arrive in {@link #complete}.
 */
abstract class AbstractIocpChannel extends AbstractChannel {

    IocpRegistration registration;
    private IoRegistration nettyRegistration;
    IocpApi api;
    long socket;
    int family;
    /** Family requested by the user (0: follow the first bound or connected address). */
    int preferredFamily;
    final SocketOptionState options = new SocketOptionState();
    private volatile boolean open = true;
    volatile InetSocketAddress local;
    volatile InetSocketAddress remote;
    final byte[] scratchAddress = new byte[IocpApi.SOCKADDR_SIZE];

    AbstractIocpChannel(Channel parent) {
        super(parent);
    }

    /** A channel over an existing (accepted) socket. */
    AbstractIocpChannel(Channel parent, IocpApi api, long socket, int family) {
        super(parent);
        this.api = api;
        this.socket = socket;
        this.family = family;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop && ((IoEventLoop) loop).isCompatible(AbstractIocpUnsafe.class);
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        ((IoEventLoop) eventLoop()).register((AbstractIocpUnsafe) unsafe()).addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            nettyRegistration = (IoRegistration) f.getNow();
            api = registration.api();
            if (socket != 0) {
                try {
                    registration.associate(socket);
                    options.attach(api, socket);
                } catch (IOException e) {
                    nettyRegistration.cancel();
                    promise.setFailure(e);
                    return;
                }
            }
            if (promise.trySuccess()) {
                registered();
            }
        });
    }

    /** Hook run on the event loop after a successful registration (and the events Netty fires for it). */
    void registered() {
    }

    @Override
    protected void doDeregister() {
        IoRegistration r = nettyRegistration;
        if (r != null) {
            r.cancel();
        }
    }

    /** Creates, configures and associates the socket for {@code address}'s family (once). */
    void ensureSocket(InetAddress address, int type) throws IOException {
        if (socket != 0) {
            return;
        }
        int fam = preferredFamily != 0 ? preferredFamily : SockAddr.familyOf(address);
        long s = api.socket(fam, type);
        if (s <= 0) {
            throw Errors.newIOException("WSASocket", (int) -s);
        }
        try {
            if (fam == IocpApi.FAMILY_IPV6) {
                api.setOption(s, IocpApi.OPT_IPV6_V6ONLY, 0);
            }
            socketCreated(s);
            options.attach(api, s);
            registration.associate(s);
        } catch (IOException | RuntimeException e) {
            api.closeSocket(s);
            throw e;
        }
        socket = s;
        family = fam;
    }

    /** Hook to set defaults on a new socket before the remembered options are applied. */
    void socketCreated(long s) {
    }

    /** Binds the socket (creating it if needed) and caches the local address. */
    void bindSocket(InetSocketAddress address, int type) throws IOException {
        if (address.isUnresolved()) {
            throw new UnknownHostException(address.getHostString());
        }
        ensureSocket(address.getAddress(), type);
        InetSocketAddress a = address;
        if (family == IocpApi.FAMILY_IPV6 && !(a.getAddress() instanceof Inet6Address)) {
            a = new InetSocketAddress(a.getAddress().isAnyLocalAddress() ? InetAddress.getByAddress(new byte[16])
                    : ipv4Mapped(a.getAddress()), a.getPort());
        }
        int err = api.bind(socket, SockAddr.encode(a));
        if (err != 0) {
            throw Errors.newIOException("bind", err);
        }
        local = queryLocal();
    }

    /**
     * The IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) of {@code v4}, as an {@link Inet6Address}: an
     * {@code AF_INET6} socket takes only {@code sockaddr_in6} addresses. ({@code InetAddress.getByAddress} would
     * turn those 16 bytes back into an {@code Inet4Address}, which encodes as an {@code AF_INET} address.)
     */
    static InetAddress ipv4Mapped(InetAddress v4) throws UnknownHostException {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, b, 12, 4);
        return Inet6Address.getByAddress(null, b, -1);
    }

    InetSocketAddress queryLocal() {
        return api.localAddress(socket, scratchAddress) == 0 ? SockAddr.decode(scratchAddress) : null;
    }

    InetSocketAddress queryRemote() {
        return api.remoteAddress(socket, scratchAddress) == 0 ? SockAddr.decode(scratchAddress) : null;
    }

    @Override
    protected void doClose() throws Exception {
        open = false;
        long s = socket;
        if (s != 0) {
            // once only: Netty may call doClose() again (closeForcibly then close, or the default doShutdownOutput),
            // and a second closesocket of the same value could close a socket that has reused the handle since
            socket = 0;
            options.detach();
            IocpRegistration r = registration;
            if (r != null) {
                r.handleClosed();
            }
            int err = api.closeSocket(s);
            if (err != 0) {
                throw Errors.newIOException("closesocket", err);
            }
        }
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    /** A completion of one of this channel's operations (also after close: release what the op holds). */
    abstract void complete(IocpOperation operation, int bytes, int error);

    /** Base unsafe: the {@link IocpIoHandle} through which completions reach the channel. */
    abstract class AbstractIocpUnsafe extends AbstractUnsafe implements IocpIoHandle {

        @Override
        public void handle(IoRegistration registration, io.netty.channel.IoEvent event) {
            IocpIoEvent e = (IocpIoEvent) event;
            complete(e.operation, e.bytes, e.error);
        }

        @Override
        public void close() {
            close(voidPromise());
        }

        @Override
        public void attach(IocpRegistration r) {
            registration = r;
        }
    }
}
