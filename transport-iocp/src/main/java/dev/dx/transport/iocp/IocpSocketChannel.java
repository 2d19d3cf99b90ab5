/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import dev.dx.transport.iocp.internal.NonBlockingRecv;
import dev.dx.transport.iocp.internal.SockAddr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP {@link SocketChannel} over an I/O completion port: {@code ConnectEx} to connect, one {@code WSARecv} at a
 * time into a pooled direct buffer, gathering {@code WSASend} of up to {@link IocpApi#MAX_GATHER} buffers, and
 * {@code shutdown(SD_SEND)} for half-close. Use it with an event loop group built on
 * {@link IocpIoHandler#newFactory()}.
 */
public final class IocpSocketChannel extends AbstractIocpChannel implements SocketChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /**
     * {@code -Ddx.iocp.nonBlockingRecv=false} ends every read loop after one overlapped receive even when the
     * implementation offers {@link NonBlockingRecv} (diagnostic: makes the emulator behave like the JNI side).
     */
    static final boolean NON_BLOCKING_RECV =
            Boolean.parseBoolean(System.getProperty("dx.iocp.nonBlockingRecv", "true"));
    static final int RECV = 1;
    static final int SEND = 2;
    static final int CONNECT = 3;
    static final int RECV_ZERO = 4;
    /** The (never written) memory of zero-byte receives: any direct buffer will do for a length of 0. */
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocateDirect(1);

    private final IocpSocketChannelConfig config;
    private IocpOperation readOp;
    private IocpOperation writeOp;
    private IocpOperation connectOp;
    private volatile boolean connected;
    private boolean readPending;
    private boolean inReadLoop;
    /** Data a read-ahead received while no read was pending, with its byte count; delivered by the next read(). */
    private ByteBuf stash;
    private int stashBytes;
    private boolean stashScheduled;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private ChannelPromise connectPromise;
    private Future<?> connectTimeout;
    private InetSocketAddress requestedRemote;
    private final ByteBuffer[] gather = new ByteBuffer[IocpApi.MAX_GATHER];
    private final int[] offsets = new int[IocpApi.MAX_GATHER];
    private final int[] lengths = new int[IocpApi.MAX_GATHER];
    private int gatherCount;

    /** Creates an unconnected channel (the socket is created on connect or bind). */
    public IocpSocketChannel() {
        super(null);
        config = new IocpSocketChannelConfig(this);
    }

    /** A channel over a socket accepted by {@code parent}. */
    IocpSocketChannel(IocpServerSocketChannel parent, IocpApi api, long socket, int family) {
        super(parent, api, socket, family);
        config = new IocpSocketChannelConfig(this);
        connected = true;
        local = queryLocal();
        remote = queryRemote();
    }

    @Override
    public ServerSocketChannel parent() {
        return (ServerSocketChannel) super.parent();
    }

    @Override
    public IocpSocketChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isActive() {
        return isOpen() && connected;
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
    void socketCreated(long s) {
        if (!options.isSet(IocpApi.OPT_TCP_NODELAY)) {
            api.setOption(s, IocpApi.OPT_TCP_NODELAY, 1);
        }
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new IocpSocketUnsafe();
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        bindSocket((InetSocketAddress) localAddress, IocpApi.TYPE_STREAM);
    }

    // ---- reading ----

    @Override
    protected void doBeginRead() {
        readPending = true;
        if (stash != null) {
            if (!stashScheduled) {
                // not from inside read(): the handler calling read() sees its channelRead later, as with a receive
                stashScheduled = true;
                eventLoop().execute(this::deliverStash);
            }
            return;
        }
        if (!inReadLoop && isActive() && !inputShutdown && (readOp == null || !readOp.inFlight)) {
            postRecv();
        }
    }

    /** Bytes read ahead and waiting for the next {@code read()} (tests; event loop only). */
    int stashedBytes() {
        return stash != null ? stashBytes : 0;
    }

    private void deliverStash() {
        stashScheduled = false;
        ByteBuf buf = stash;
        if (buf == null) {
            return;
        }
        stash = null;
        if (!isOpen() || inputShutdown) {
            buf.release();
            return;
        }
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        handle.reset(config);
        handle.attemptedBytesRead(buf.writableBytes());
        readLoop(buf, stashBytes);
    }

    /**
     * With auto-read off and nothing posted yet (a channel just accepted or connected, before its first
     * {@code read()}), starts the zero-byte receive that notices the peer's FIN.
     */
    private void watchInput() {
        if (isActive() && !inputShutdown && !readPending && !config.isAutoRead() && stash == null
                && (readOp == null || !readOp.inFlight)) {
            postZeroRecv();
        }
    }

    @Override
    void registered() {
        if (connected) {
            watchInput();
        }
    }

    /**
     * Posts a zero-byte {@code WSARecv} while no read is pending, so that the peer's FIN (or RST) is noticed even
     * with auto-read off: it completes, without consuming anything and without holding a buffer, once data or the
     * FIN arrives (see {@link #zeroRecvComplete}).
     */
    private void postZeroRecv() {
        if (readOp == null) {
            readOp = registration.newOperation();
        }
        int err = registration.started(readOp, api.recv(socket, NO_BYTES, 0, 0, readOp.handle));
        if (err != 0) {
            pipeline().fireExceptionCaught(Errors.newIOException("WSARecv", err));
            unsafe().close(unsafe().voidPromise());
            return;
        }
        readOp.kind = RECV_ZERO;
        readOp.attachment = null;
    }

    /**
     * Data or the FIN is there. With a read pending (or auto-read) this is just a late start of the read; without,
     * the receive posted here is a read-ahead: an end of stream is handled at once (the half-closure events fire),
     * data is kept for the next {@code read()} (see {@link #recvComplete}).
     */
    private void zeroRecvComplete(int error) {
        if (!isOpen() || inputShutdown) {
            return;
        }
        if (error != 0) {
            readPending = false;
            if (error != IocpApi.ERROR_OPERATION_ABORTED) {
                pipeline().fireExceptionCaught(Errors.newIOException("WSARecv", error));
            }
            unsafe().close(unsafe().voidPromise());
            return;
        }
        if (isActive() && stash == null && (readOp == null || !readOp.inFlight)) {
            postRecv();
        }
    }

    private ByteBuf allocate(RecvByteBufAllocator.Handle handle) {
        ByteBufAllocator alloc = config.getAllocator();
        ByteBuf buf = handle.allocate(alloc);
        if (!buf.isDirect() || buf.nioBufferCount() != 1) {
            ByteBuf direct = alloc.directBuffer(buf.writableBytes());
            buf.release();
            buf = direct;
        }
        return buf;
    }

    private void postRecv() {
        if (readOp == null) {
            readOp = registration.newOperation();
        }
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        handle.reset(config);
        ByteBuf buf = allocate(handle);
        int length = buf.writableBytes();
        ByteBuffer nio = buf.internalNioBuffer(buf.writerIndex(), length);
        handle.attemptedBytesRead(length);
        int err = registration.started(readOp,
                api.recv(socket, nio, nio.position(), length, readOp.handle));
        if (err != 0) {
            buf.release();
            pipeline().fireExceptionCaught(Errors.newIOException("WSARecv", err));
            unsafe().close(unsafe().voidPromise());
            return;
        }
        readOp.kind = RECV;
        readOp.attachment = buf;
    }

    /**
     * One read loop: the completed overlapped receive, then as many immediate non-blocking receives as the
     * {@link RecvByteBufAllocator.Handle} allows, then one {@code channelReadComplete}.
     */
    private void recvComplete(IocpOperation op, int bytes, int error) {
        ByteBuf buf = (ByteBuf) op.attachment;
        op.attachment = null;
        if (!isOpen() || inputShutdown) {
            buf.release();
            return;
        }
        ChannelPipeline pipeline = pipeline();
        if (error != 0) {
            buf.release();
            readPending = false;
            if (error != IocpApi.ERROR_OPERATION_ABORTED) {
                pipeline.fireExceptionCaught(Errors.newIOException("WSARecv", error));
            }
            unsafe().close(unsafe().voidPromise());
            return;
        }
        if (bytes > 0 && !readPending && !config.isAutoRead()) {
            // a read-ahead (see zeroRecvComplete) found data nobody asked for yet
            stash = buf;
            stashBytes = bytes;
            return;
        }
        readLoop(buf, bytes);
    }

    private void readLoop(ByteBuf first, int bytes) {
        ChannelPipeline pipeline = pipeline();
        RecvByteBufAllocator.Handle handle = unsafe().recvBufAllocHandle();
        ByteBuf buf = first;
        boolean endOfStream = false;
        IOException failure = null;
        int n = bytes;
        inReadLoop = true;
        try {
            for (;;) {
                if (n == 0) {
                    buf.release();
                    handle.lastBytesRead(-1);
                    endOfStream = true;
                    break;
                }
                buf.writerIndex(buf.writerIndex() + n);
                handle.lastBytesRead(n);
                handle.incMessagesRead(1);
                readPending = false;
                pipeline.fireChannelRead(buf);
                buf = null;
                if (!isActive() || inputShutdown || !handle.continueReading()) {
                    break;
                }
                buf = allocate(handle);
                int length = buf.writableBytes();
                ByteBuffer nio = buf.internalNioBuffer(buf.writerIndex(), length);
                handle.attemptedBytesRead(length);
                n = NON_BLOCKING_RECV && api instanceof NonBlockingRecv
                        ? ((NonBlockingRecv) api).tryRecv(socket, nio, nio.position(), length)
                        : -IocpApi.WSAEWOULDBLOCK;
                if (n < 0) {
                    buf.release();
                    if (n != -IocpApi.WSAEWOULDBLOCK) {
                        failure = Errors.newIOException("recv", -n);
                    }
                    break;
                }
            }
        } finally {
            inReadLoop = false;
        }
        handle.readComplete();
        pipeline.fireChannelReadComplete();
        if (failure != null) {
            pipeline.fireExceptionCaught(failure);
            unsafe().close(unsafe().voidPromise());
            return;
        }
        if (endOfStream) {
            readPending = false;
            eof();
            return;
        }
        if (isActive() && !inputShutdown && (readOp == null || !readOp.inFlight)) {
            if (readPending || config.isAutoRead()) {
                postRecv();
            } else {
                postZeroRecv();
            }
        }
    }

    private void eof() {
        if (config.isAllowHalfClosure()) {
            inputShutdown = true;
            pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            if (outputShutdown) {
                unsafe().close(unsafe().voidPromise());
            }
        } else {
            unsafe().close(unsafe().voidPromise());
        }
    }

    // ---- writing ----

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            ByteBuf buf = (ByteBuf) msg;
            if (buf.isDirect()) {
                return buf;
            }
            ByteBuf direct = alloc().directBuffer(buf.readableBytes());
            direct.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
            ReferenceCountUtil.safeRelease(buf);
            return direct;
        }
        throw new UnsupportedOperationException("unsupported message type: " + msg.getClass().getName()
                + " (expected: ByteBuf)");
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
            if (msg instanceof ByteBuf && !((ByteBuf) msg).isReadable()) {
                in.remove();
                continue;
            }
            break;
        }
        ByteBuffer[] nios = in.nioBuffers(IocpApi.MAX_GATHER, Integer.MAX_VALUE);
        int count = in.nioBufferCount();
        if (count == 0) {
            return;
        }
        for (int i = 0; i < count; i++) {
            ByteBuffer b = nios[i];
            gather[i] = b;
            offsets[i] = b.position();
            lengths[i] = b.remaining();
        }
        ArrayList<ByteBuf> retained = new ArrayList<>(Math.min(count, 16));
        int[] covered = {0};
        in.forEachFlushedMessage(m -> {
            ByteBuf b = (ByteBuf) m;
            if (b.isReadable()) {
                retained.add(b.retain());
                covered[0] += b.nioBufferCount();
            }
            return covered[0] < count;
        });
        if (writeOp == null) {
            writeOp = registration.newOperation();
        }
        int err = registration.started(writeOp, api.send(socket, gather, offsets, lengths, count, writeOp.handle));
        gatherCount = count;
        if (err != 0) {
            java.util.Arrays.fill(gather, 0, count, null);
            for (ByteBuf b : retained) {
                b.release();
            }
            throw Errors.newIOException("WSASend", err);
        }
        writeOp.kind = SEND;
        writeOp.attachment = retained;
    }

    private void sendComplete(IocpOperation op, int bytes, int error) {
        releaseInFlightWrite(op);
        // ChannelOutboundBuffer caches the NIO buffers of its entries and expects a write to move their positions
        // (as a JDK channel write does); neither implementation of IocpApi touches them, so do it here.
        int left = bytes;
        for (int i = 0; i < gatherCount; i++) {
            int consumed = Math.min(left, lengths[i]);
            gather[i].position(offsets[i] + consumed);
            left -= consumed;
            gather[i] = null;
        }
        gatherCount = 0;
        ChannelOutboundBuffer in = unsafe().outboundBuffer();
        if (!isOpen() || in == null) {
            return;
        }
        if (error != 0) {
            ((IocpSocketUnsafe) unsafe()).writeFailed(Errors.newIOException("WSASend", error));
            return;
        }
        in.removeBytes(bytes);
        if (!in.isEmpty()) {
            ((IocpSocketUnsafe) unsafe()).flushNow();
        }
    }

    /**
     * Drops the references a send holds on its messages. Normally on its completion; on close already in
     * {@link #doClose()}, so that the write promises Netty fails right after it see the messages released: the
     * socket is closed, so the kernel may at most still read memory that stays mapped (pooled arenas or the C heap)
     * and nothing reaches the wire.
     */
    @SuppressWarnings("unchecked")
    private static void releaseInFlightWrite(IocpOperation op) {
        ArrayList<ByteBuf> retained = (ArrayList<ByteBuf>) op.attachment;
        op.attachment = null;
        if (retained != null) {
            for (ByteBuf b : retained) {
                b.release();
            }
        }
    }

    // ---- connecting ----

    private void connectComplete(int error) {
        Future<?> timeout = connectTimeout;
        if (timeout != null) {
            timeout.cancel(false);
            connectTimeout = null;
        }
        ChannelPromise promise = connectPromise;
        connectPromise = null;
        if (promise == null || !isOpen()) {
            return;
        }
        IocpSocketUnsafe unsafe = (IocpSocketUnsafe) unsafe();
        if (error != 0) {
            promise.tryFailure(unsafe.annotate(Errors.newIOException("ConnectEx", error), requestedRemote));
            unsafe.close(unsafe.voidPromise());
            return;
        }
        int err = api.updateConnectContext(socket);
        if (err != 0) {
            promise.tryFailure(unsafe.annotate(Errors.newIOException("SO_UPDATE_CONNECT_CONTEXT", err),
                    requestedRemote));
            unsafe.close(unsafe.voidPromise());
            return;
        }
        connected = true;
        local = queryLocal();
        InetSocketAddress r = queryRemote();
        remote = r != null ? r : requestedRemote;
        boolean promiseSet = promise.trySuccess();
        pipeline().fireChannelActive();
        if (!promiseSet) {
            unsafe.close(unsafe.voidPromise());
            return;
        }
        watchInput();
    }

    @Override
    void complete(IocpOperation operation, int bytes, int error) {
        switch (operation.kind) {
            case RECV:
                recvComplete(operation, bytes, error);
                break;
            case SEND:
                sendComplete(operation, bytes, error);
                break;
            case CONNECT:
                connectComplete(error);
                break;
            case RECV_ZERO:
                zeroRecvComplete(error);
                break;
            default:
                throw new IllegalStateException("unexpected completion " + operation);
        }
    }

    @Override
    protected void doClose() throws Exception {
        ChannelPromise promise = connectPromise;
        if (promise != null) {
            promise.tryFailure(new ClosedChannelException());
            connectPromise = null;
        }
        Future<?> timeout = connectTimeout;
        if (timeout != null) {
            timeout.cancel(false);
            connectTimeout = null;
        }
        super.doClose();
        if (writeOp != null && writeOp.inFlight) {
            releaseInFlightWrite(writeOp);
        }
        ByteBuf stashed = stash;
        if (stashed != null) {
            stash = null;
            stashed.release();
        }
    }

    // ---- half-close ----

    @Override
    protected void doShutdownOutput() throws Exception {
        if (socket != 0) {
            int err = api.shutdown(socket, IocpApi.SD_SEND);
            if (err != 0) {
                throw Errors.newIOException("shutdown", err);
            }
        }
        outputShutdown = true;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || !isActive();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || !isActive();
    }

    @Override
    public boolean isShutdown() {
        return inputShutdown && outputShutdown || !isActive();
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        if (eventLoop().inEventLoop()) {
            shutdownInput0(promise);
        } else {
            eventLoop().execute(() -> shutdownInput0(promise));
        }
        return promise;
    }

    private void shutdownInput0(ChannelPromise promise) {
        if (!isOpen()) {
            promise.setFailure(new ClosedChannelException());
            return;
        }
        try {
            if (socket != 0 && !inputShutdown) {
                int err = api.shutdown(socket, IocpApi.SD_RECEIVE);
                if (err != 0) {
                    throw Errors.newIOException("shutdown", err);
                }
            }
            inputShutdown = true;
            promise.setSuccess();
        } catch (Throwable t) {
            promise.setFailure(t);
        }
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        if (eventLoop().inEventLoop()) {
            ((AbstractUnsafe) unsafe()).shutdownOutput(promise);
        } else {
            eventLoop().execute(() -> ((AbstractUnsafe) unsafe()).shutdownOutput(promise));
        }
        return promise;
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        ChannelFuture output = shutdownOutput();
        output.addListener(f -> {
            ChannelFuture input = shutdownInput();
            input.addListener(g -> {
                Throwable cause = f.cause() != null ? f.cause() : g.cause();
                if (cause != null) {
                    promise.tryFailure(cause);
                } else {
                    promise.trySuccess();
                }
            });
        });
        return promise;
    }

    /** The channel's unsafe: connect with ConnectEx and write only one WSASend at a time. */
    final class IocpSocketUnsafe extends AbstractIocpUnsafe {

        private boolean flushing;

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            if (connectPromise != null) {
                promise.setFailure(new ConnectionPendingException());
                return;
            }
            if (connected) {
                promise.setFailure(new AlreadyConnectedException());
                return;
            }
            try {
                InetSocketAddress r = (InetSocketAddress) remoteAddress;
                if (r.isUnresolved()) {
                    throw new java.net.UnknownHostException(r.getHostString());
                }
                if (socket == 0 || local == null) {
                    InetSocketAddress l = localAddress != null ? (InetSocketAddress) localAddress
                            : new InetSocketAddress(wildcard(r.getAddress()), 0);
                    bindSocket(l, IocpApi.TYPE_STREAM);
                }
                InetSocketAddress target = r;
                if (family == IocpApi.FAMILY_IPV6 && r.getAddress() instanceof java.net.Inet4Address) {
                    target = new InetSocketAddress(ipv4Mapped(r.getAddress()), r.getPort());
                }
                if (connectOp == null) {
                    connectOp = registration.newOperation();
                }
                int err = registration.started(connectOp,
                        api.connect(socket, SockAddr.encode(target), connectOp.handle));
                if (err != 0) {
                    throw Errors.newIOException("ConnectEx", err);
                }
                connectOp.kind = CONNECT;
                connectPromise = promise;
                requestedRemote = r;
                int millis = config.getConnectTimeoutMillis();
                if (millis > 0) {
                    connectTimeout = eventLoop().schedule(() -> {
                        ChannelPromise p = connectPromise;
                        if (p != null && !p.isDone() && p.tryFailure(
                                new ConnectTimeoutException("connection timed out after " + millis + " ms: " + r))) {
                            close(voidPromise());
                        }
                    }, millis, TimeUnit.MILLISECONDS);
                }
            } catch (Throwable t) {
                promise.tryFailure(annotateConnectException(t, remoteAddress));
                close(voidPromise());
            }
        }

        Throwable annotate(Throwable t, SocketAddress address) {
            return annotateConnectException(t, address);
        }

        @Override
        protected void flush0() {
            if (flushing || writeOp != null && writeOp.inFlight) {
                return;
            }
            super.flush0();
        }

        void flushNow() {
            flush0();
        }

        void writeFailed(IOException cause) {
            handleWriteError(cause);
        }
    }

    static InetAddress wildcard(InetAddress like) throws java.net.UnknownHostException {
        return InetAddress.getByAddress(new byte[like.getAddress().length]);
    }
}
