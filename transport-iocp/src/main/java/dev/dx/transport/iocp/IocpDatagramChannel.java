/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import dev.dx.transport.iocp.internal.SockAddr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;

/**
 * A UDP {@link DatagramChannel} over an I/O completion port: one {@code WSARecvFrom} at a time into a pooled
 * direct buffer (delivered as {@link DatagramPacket}), one {@code WSASendTo} (or {@code WSASend} when connected) at
 * a time. Accepts {@link DatagramPacket}, {@link AddressedEnvelope} of {@link ByteBuf}, and plain {@link ByteBuf}
 * when connected. Multicast is not supported (the futures fail with {@link UnsupportedOperationException}).
 */
public final class IocpDatagramChannel extends AbstractIocpChannel implements DatagramChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(true, 16);
    private static final int RECV = 1;
    private static final int SEND = 2;

    private final IocpDatagramChannelConfig config;
    private IocpOperation readOp;
    private IocpOperation writeOp;
    private boolean readPending;
    private volatile boolean connected;
    private final ByteBuffer[] one = new ByteBuffer[1];
    private final int[] offsets = new int[1];
    private final int[] lengths = new int[1];

    /** A channel whose socket family follows the first bind or connect address. */
    public IocpDatagramChannel() {
        super(null);
        config = new IocpDatagramChannelConfig(this);
    }

    /** A channel with a socket of the given family ({@code INET6} sockets are dual-stack). */
    public IocpDatagramChannel(SocketProtocolFamily family) {
        this();
        if (family == SocketProtocolFamily.INET) {
            preferredFamily = IocpApi.FAMILY_IPV4;
        } else if (family == SocketProtocolFamily.INET6) {
            preferredFamily = IocpApi.FAMILY_IPV6;
        } else if (family != null) {
            throw new UnsupportedOperationException("unsupported family: " + family);
        }
    }

    @Override
    public IocpDatagramChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isActive() {
        return isOpen() && (local != null || config.activeOnRegistration && isRegistered());
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new IocpDatagramUnsafe();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        bindSocket((InetSocketAddress) localAddress, IocpApi.TYPE_DGRAM);
    }

    private InetSocketAddress forSocket(InetSocketAddress a) throws IOException {
        if (family == IocpApi.FAMILY_IPV6 && a.getAddress() instanceof Inet4Address) {
            return new InetSocketAddress(ipv4Mapped(a.getAddress()), a.getPort());
        }
        return a;
    }

    @Override
    protected void doDisconnect() throws Exception {
        if (socket != 0 && connected) {
            int err = api.connectDatagram(socket, null);
            if (err != 0) {
                throw Errors.newIOException("connect", err);
            }
        }
        connected = false;
        remote = null;
        local = socket != 0 ? queryLocal() : null;
    }

    // ---- reading ----

    @Override
    protected void doBeginRead() {
        readPending = true;
        if (socket != 0 && local != null && (readOp == null || !readOp.inFlight)) {
            postRecv();
        }
    }

    private void postRecv() {
        if (readOp == null) {
            readOp = registration.newOperation();
        }
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        handle.reset(config);
        ByteBufAllocator alloc = config.getAllocator();
        ByteBuf buf = handle.allocate(alloc);
        if (!buf.isDirect() || buf.nioBufferCount() != 1) {
            ByteBuf direct = alloc.directBuffer(buf.writableBytes());
            buf.release();
            buf = direct;
        }
        int length = buf.writableBytes();
        ByteBuffer nio = buf.internalNioBuffer(buf.writerIndex(), length);
        handle.attemptedBytesRead(length);
        int err = registration.started(readOp, api.recvFrom(socket, nio, nio.position(), length, readOp.handle));
        if (err != 0) {
            buf.release();
            pipeline().fireExceptionCaught(Errors.newIOException("WSARecvFrom", err));
            return;
        }
        readOp.kind = RECV;
        readOp.attachment = buf;
    }

    private void recvComplete(IocpOperation op, int bytes, int error) {
        ByteBuf buf = (ByteBuf) op.attachment;
        op.attachment = null;
        if (!isOpen()) {
            buf.release();
            return;
        }
        ChannelPipeline pipeline = pipeline();
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        if (error != 0 && error != IocpApi.WSAEMSGSIZE) {
            buf.release();
            if (error == IocpApi.ERROR_OPERATION_ABORTED) {
                return;
            }
            IOException e = Errors.newIOException("WSARecvFrom", error);
            pipeline.fireExceptionCaught(e);
            if (!(e instanceof PortUnreachableException) && error != IocpApi.WSAECONNRESET) {
                unsafe().close(unsafe().voidPromise());
                return;
            }
        } else {
            buf.writerIndex(buf.writerIndex() + bytes);
            handle.lastBytesRead(bytes);
            handle.incMessagesRead(1);
            byte[] from = new byte[IocpApi.SOCKADDR_SIZE];
            InetSocketAddress sender = api.operationAddress(op.handle, from) == 0 ? unmap(SockAddr.decode(from))
                    : remote;
            readPending = false;
            pipeline.fireChannelRead(new DatagramPacket(buf, localAddress(), sender));
            handle.readComplete();
            pipeline.fireChannelReadComplete();
        }
        if ((readPending || config.isAutoRead()) && isActive() && local != null
                && (readOp == null || !readOp.inFlight)) {
            postRecv();
        }
    }

    private static InetSocketAddress unmap(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        if (b.length == 16) {
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    byte[] v4 = {b[12], b[13], b[14], b[15]};
                    return new InetSocketAddress(InetAddress.getByAddress(v4), a.getPort());
                } catch (java.net.UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }

    // ---- writing ----

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof DatagramPacket) {
            DatagramPacket p = (DatagramPacket) msg;
            ByteBuf content = p.content();
            return usable(content) ? p : new DatagramPacket(direct(content), p.recipient());
        }
        if (msg instanceof ByteBuf) {
            ByteBuf buf = (ByteBuf) msg;
            return usable(buf) ? buf : direct(buf);
        }
        if (msg instanceof AddressedEnvelope) {
            @SuppressWarnings("unchecked")
            AddressedEnvelope<Object, SocketAddress> e = (AddressedEnvelope<Object, SocketAddress>) msg;
            if (e.content() instanceof ByteBuf && (e.recipient() == null
                    || e.recipient() instanceof InetSocketAddress)) {
                ByteBuf content = (ByteBuf) e.content();
                if (usable(content)) {
                    return e;
                }
                DefaultAddressedEnvelope<ByteBuf, SocketAddress> copy =
                        new DefaultAddressedEnvelope<>(copyOf(content), e.recipient());
                ReferenceCountUtil.release(e);
                return copy;
            }
        }
        throw new UnsupportedOperationException("unsupported message type: " + msg.getClass().getName()
                + " (expected: DatagramPacket, AddressedEnvelope<ByteBuf, InetSocketAddress>, ByteBuf)");
    }

    private static boolean usable(ByteBuf buf) {
        return buf.isDirect() && buf.nioBufferCount() == 1;
    }

    private ByteBuf direct(ByteBuf buf) {
        ByteBuf copy = copyOf(buf);
        ReferenceCountUtil.safeRelease(buf);
        return copy;
    }

    private ByteBuf copyOf(ByteBuf buf) {
        ByteBuf copy = alloc().directBuffer(buf.readableBytes());
        copy.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
        return copy;
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        if (writeOp != null && writeOp.inFlight) {
            return;
        }
        for (;;) {
            Object msg = in.current();
            if (msg == null) {
                return;
            }
            ByteBuf content;
            InetSocketAddress recipient;
            if (msg instanceof AddressedEnvelope) {
                @SuppressWarnings("unchecked")
                AddressedEnvelope<ByteBuf, InetSocketAddress> e = (AddressedEnvelope<ByteBuf, InetSocketAddress>) msg;
                content = e.content();
                recipient = e.recipient();
            } else {
                content = (ByteBuf) msg;
                recipient = null;
            }
            if (recipient == null && !connected) {
                in.remove(new NotYetConnectedException());
                continue;
            }
            if (recipient != null && recipient.isUnresolved()) {
                in.remove(new UnresolvedAddressException());
                continue;
            }
            if (socket == 0 || local == null) {
                // like sendto() on an unbound socket: bind to the wildcard address first
                bindSocket(new InetSocketAddress(preferredFamily == IocpApi.FAMILY_IPV6
                        ? InetAddress.getByAddress(new byte[16])
                        : IocpSocketChannel.wildcard(recipient.getAddress()), 0), IocpApi.TYPE_DGRAM);
                if (readPending || config.isAutoRead()) {
                    postRecv();
                }
            }
            if (writeOp == null) {
                writeOp = registration.newOperation();
            }
            int length = content.readableBytes();
            ByteBuffer nio = content.internalNioBuffer(content.readerIndex(), length);
            int err;
            if (recipient == null) {
                one[0] = nio;
                offsets[0] = nio.position();
                lengths[0] = length;
                err = api.send(socket, one, offsets, lengths, 1, writeOp.handle);
                one[0] = null;
            } else {
                err = api.sendTo(socket, nio, nio.position(), length,
                        SockAddr.encode(forSocket(recipient)), writeOp.handle);
            }
            if (registration.started(writeOp, err) != 0) {
                in.remove(Errors.newIOException(recipient == null ? "WSASend" : "WSASendTo", err));
                continue;
            }
            writeOp.kind = SEND;
            writeOp.attachment = content.retain();
            return;
        }
    }

    private void sendComplete(IocpOperation op, int error) {
        if (op.attachment != null) {
            ((ByteBuf) op.attachment).release();
            op.attachment = null;
        }
        ChannelOutboundBuffer in = unsafe().outboundBuffer();
        if (!isOpen() || in == null) {
            return;
        }
        if (error != 0) {
            in.remove(Errors.newIOException("WSASendTo", error));
        } else {
            in.remove();
        }
        if (!in.isEmpty()) {
            ((IocpDatagramUnsafe) unsafe()).flushNow();
        }
    }

    @Override
    void complete(IocpOperation operation, int bytes, int error) {
        if (operation.kind == RECV) {
            recvComplete(operation, bytes, error);
        } else if (operation.kind == SEND) {
            sendComplete(operation, error);
        } else {
            throw new IllegalStateException("unexpected completion " + operation);
        }
    }

    @Override
    protected void doClose() throws Exception {
        super.doClose();
        // as in IocpSocketChannel: the socket is closed, drop the in-flight send's reference now so the write
        // promise Netty fails next sees its message released
        if (writeOp != null && writeOp.inFlight && writeOp.attachment != null) {
            ((ByteBuf) writeOp.attachment).release();
            writeOp.attachment = null;
        }
    }

    // ---- multicast: not supported ----

    private ChannelFuture unsupported(ChannelPromise promise) {
        promise.setFailure(new UnsupportedOperationException("multicast is not supported by the IOCP transport"));
        return promise;
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture joinGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface,
                                   ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress, NetworkInterface networkInterface,
                                   InetAddress source) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture joinGroup(InetAddress multicastAddress, NetworkInterface networkInterface,
                                   InetAddress source, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetSocketAddress multicastAddress, NetworkInterface networkInterface,
                                    ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress, NetworkInterface networkInterface,
                                    InetAddress source) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture leaveGroup(InetAddress multicastAddress, NetworkInterface networkInterface,
                                    InetAddress source, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, NetworkInterface networkInterface,
                               InetAddress sourceToBlock) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, NetworkInterface networkInterface,
                               InetAddress sourceToBlock, ChannelPromise promise) {
        return unsupported(promise);
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, InetAddress sourceToBlock) {
        return unsupported(newPromise());
    }

    @Override
    public ChannelFuture block(InetAddress multicastAddress, InetAddress sourceToBlock, ChannelPromise promise) {
        return unsupported(promise);
    }

    /** Connect is a synchronous {@code connect()} that fixes the default peer. */
    final class IocpDatagramUnsafe extends AbstractIocpUnsafe {

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            boolean wasActive = isActive();
            try {
                InetSocketAddress r = (InetSocketAddress) remoteAddress;
                if (r.isUnresolved()) {
                    throw new UnresolvedAddressException();
                }
                if (local == null) {
                    InetSocketAddress l = localAddress != null ? (InetSocketAddress) localAddress
                            : new InetSocketAddress(preferredFamily == IocpApi.FAMILY_IPV6
                                    ? InetAddress.getByAddress(new byte[16])
                                    : IocpSocketChannel.wildcard(r.getAddress()), 0);
                    bindSocket(l, IocpApi.TYPE_DGRAM);
                }
                int err = api.connectDatagram(socket, SockAddr.encode(forSocket(r)));
                if (err != 0) {
                    throw Errors.newIOException("connect", err);
                }
                connected = true;
                remote = r;
                local = queryLocal();
                promise.trySuccess();
                if (!wasActive && isActive()) {
                    pipeline().fireChannelActive();
                }
            } catch (Throwable t) {
                promise.tryFailure(annotateConnectException(t, remoteAddress));
                closeIfClosed();
            }
        }

        @Override
        protected void flush0() {
            if (writeOp != null && writeOp.inFlight) {
                return;
            }
            super.flush0();
        }

        void flushNow() {
            flush0();
        }
    }
}
