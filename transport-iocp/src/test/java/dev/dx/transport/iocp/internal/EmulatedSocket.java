/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The emulator's socket: a non-blocking {@code java.nio} channel plus the queues of operations in flight on it.
 * All methods run under the emulator's kernel lock; {@link #progress} runs on the kernel thread.
 *
 * <p>Besides the data path it keeps the state Windows attaches to a socket that the transport must not forget
 * about: a socket connected by ConnectEx or accepted by AcceptEx answers {@code getsockname}, {@code getpeername}
 * and {@code shutdown} with {@link IocpApi#WSAENOTCONN} until its context is updated; a datagram longer than the
 * receive buffer completes with {@link IocpApi#WSAEMSGSIZE}; closing the socket completes what is pending on it
 * with {@link IocpApi#ERROR_NETNAME_DELETED}. Test hooks split sends ({@link #sendLimit}), hold their completions
 * back ({@link #holdSends}) and leave connection attempts unanswered ({@code EmulatedIocpApi.leaveConnectsUnanswered}).
 */
final class EmulatedSocket extends EmulatedHandle {

    final int family;
    final int type;
    SocketChannel stream;
    ServerSocketChannel server;
    DatagramChannel datagram;
    boolean bound;
    boolean connected;
    boolean eof;
    boolean shutdownPending;
    int reuseAddress = -1;
    int receiveBuffer = -1;
    /** The listener whose AcceptEx filled this socket, until SO_UPDATE_ACCEPT_CONTEXT names it (else 0). */
    long acceptedBy;
    /** A ConnectEx completed and SO_UPDATE_CONNECT_CONTEXT has not been set yet. */
    boolean connectContextPending;
    /** Test hook: the most bytes one WSASend transfers before it completes (0: no limit). */
    int sendLimit;
    /** Test hook: completed sends are parked in {@link #heldSends} instead of being queued on the port. */
    boolean holdSends;
    /** Sends that completed while {@link #holdSends} was set, with their results, oldest first. */
    final ArrayDeque<EmulatedOperation> heldSends = new ArrayDeque<>();
    /** A whole datagram is received here first, so that a truncation can be reported (java.nio hides it). */
    private ByteBuffer datagramScratch;
    /**
     * A byte a zero-byte receive took out of the stream to learn that data had arrived (java.nio cannot peek), or
     * -1; the next receive returns it first, so nothing is consumed as far as the caller can tell.
     */
    private int peeked = -1;
    /** An error met while completing a receive that already had the peeked byte; reported by the next receive. */
    private int pendingError;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private SelectionKey selectionKey;

    final ArrayDeque<EmulatedOperation> accepts = new ArrayDeque<>();
    final ArrayDeque<EmulatedOperation> recvs = new ArrayDeque<>();
    final ArrayDeque<EmulatedOperation> sends = new ArrayDeque<>();
    EmulatedOperation connect;

    EmulatedSocket(long handle, int family, int type) throws IOException {
        super(handle);
        this.family = family;
        this.type = type;
        StandardProtocolFamily pf = family == IocpApi.FAMILY_IPV6 ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        if (type == IocpApi.TYPE_DGRAM) {
            datagram = DatagramChannel.open(pf);
            datagram.configureBlocking(false);
        } else {
            stream = SocketChannel.open(pf);
            stream.configureBlocking(false);
        }
    }

    SelectableChannel channel() {
        return server != null ? server : stream != null ? stream : datagram;
    }

    /**
     * Remembers the value of {@code SO_REUSEADDR} and {@code SO_RCVBUF} as they are set, before the channel is asked:
     * {@code listen} carries them over to the server channel it opens, and AcceptEx its receive buffer to the
     * accepted channel. Other options are not remembered.
     */
    void rememberOption(int option, int value) {
        if (option == IocpApi.OPT_SO_REUSEADDR) {
            reuseAddress = value != 0 ? 1 : 0;
        } else if (option == IocpApi.OPT_SO_RCVBUF) {
            receiveBuffer = value;
        }
    }

    /** True while the context of an AcceptEx or ConnectEx connection has not been updated. */
    boolean contextPending() {
        return acceptedBy != 0 || connectContextPending;
    }

    /**
     * Closes the channel; every operation still pending completes with {@link IocpApi#ERROR_NETNAME_DELETED}, as
     * {@code GetQueuedCompletionStatus} reports it for I/O cut off by {@code closesocket} (held send completions are
     * queued first, with their own results).
     */
    void close(EmulatedIocpApi api) {
        closed = true;
        releaseHeldSends(api);
        holdSends = false;
        abortAll(api, accepts);
        abortAll(api, recvs);
        abortAll(api, sends);
        if (connect != null) {
            api.complete(connect, 0, IocpApi.ERROR_NETNAME_DELETED);
            connect = null;
        }
        if (selectionKey != null) {
            selectionKey.cancel();
            selectionKey = null;
        }
        closeQuietly(server);
        closeQuietly(stream);
        closeQuietly(datagram);
    }

    private static void abortAll(EmulatedIocpApi api, ArrayDeque<EmulatedOperation> q) {
        EmulatedOperation op;
        while ((op = q.poll()) != null) {
            if (op.kind == EmulatedOperation.ACCEPT) {
                api.closeAcceptTarget(op.acceptSocket);
            }
            api.complete(op, op.transferred, IocpApi.ERROR_NETNAME_DELETED);
        }
    }

    /** Queues the parked send completions on the port, oldest first; returns how many there were. */
    int releaseHeldSends(EmulatedIocpApi api) {
        int n = heldSends.size();
        EmulatedOperation op;
        while ((op = heldSends.poll()) != null) {
            api.complete(op, op.heldBytes, op.heldError);
        }
        return n;
    }

    /** Completes a send now, or parks it while {@link #holdSends} is set. */
    private void completeSend(EmulatedIocpApi api, EmulatedOperation op, int bytes, int error) {
        if (holdSends) {
            op.heldBytes = bytes;
            op.heldError = error;
            heldSends.add(op);
        } else {
            api.complete(op, bytes, error);
        }
    }

    /** Removes {@code op} from the pending queues; true if it was pending here. */
    boolean remove(EmulatedOperation op) {
        if (connect == op) {
            connect = null;
            return true;
        }
        return accepts.remove(op) || recvs.remove(op) || sends.remove(op);
    }

    static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignore) {
                // nothing to do
            }
        }
    }

    /** Performs whatever pending operations can make progress and updates the selector interest. */
    boolean progress(EmulatedIocpApi api, Selector selector) {
        if (closed) {
            return false;
        }
        progressConnect(api);
        progressAccepts(api);
        progressRecvs(api);
        progressSends(api);
        if (shutdownPending && sends.isEmpty() && stream != null) {
            shutdownPending = false;
            try {
                stream.shutdownOutput();
            } catch (IOException ignore) {
                // the connection is gone; later operations report it
            }
        }
        return updateInterest(selector);
    }

    private void progressConnect(EmulatedIocpApi api) {
        EmulatedOperation op = connect;
        if (op == null || !stream.isConnectionPending() && api.unanswered(op.address)) {
            return; // nothing to connect, or a test hook keeps the connection attempt unanswered
        }
        try {
            boolean done = stream.isConnectionPending() ? stream.finishConnect() : stream.connect(op.address);
            if (done) {
                connect = null;
                connected = true;
                connectContextPending = true;
                api.complete(op, 0, 0);
            }
        } catch (IOException | RuntimeException e) {
            connect = null;
            api.complete(op, 0, EmulatedErrors.of(e));
        }
    }

    private void progressAccepts(EmulatedIocpApi api) {
        while (!accepts.isEmpty()) {
            EmulatedOperation op = accepts.peek();
            SocketChannel accepted;
            try {
                accepted = server.accept();
            } catch (IOException e) {
                accepts.poll();
                api.closeAcceptTarget(op.acceptSocket);
                api.complete(op, 0, EmulatedErrors.of(e));
                continue;
            }
            if (accepted == null) {
                return;
            }
            accepts.poll();
            int error = api.attachAccepted(handle, op.acceptSocket, accepted);
            api.complete(op, 0, error);
        }
    }

    private void progressRecvs(EmulatedIocpApi api) {
        while (!recvs.isEmpty()) {
            EmulatedOperation op = recvs.peek();
            ByteBuffer dst = op.buffers[0];
            try {
                if (datagram != null) {
                    ByteBuffer whole = datagramScratch();
                    SocketAddress from = datagram.receive(whole); // connected: only the peer's datagrams
                    if (from == null) {
                        return;
                    }
                    if (op.kind == EmulatedOperation.RECV_FROM) {
                        SockAddr.encode((InetSocketAddress) from, op.source);
                    }
                    whole.flip();
                    int length = whole.remaining();
                    int copied = Math.min(length, dst.remaining());
                    whole.limit(copied);
                    dst.put(whole);
                    recvs.poll();
                    // WSARecvFrom into a buffer shorter than the datagram: the head is there, the rest is lost
                    api.complete(op, copied, copied < length ? IocpApi.WSAEMSGSIZE : 0);
                    continue;
                }
                int e = takePendingError();
                if (e != 0) {
                    recvs.poll();
                    api.complete(op, 0, e);
                    continue;
                }
                if (!dst.hasRemaining()) {
                    // zero-byte WSARecv: completes with 0 bytes once data or the peer's FIN is there (or fails)
                    if (!probe()) {
                        return;
                    }
                    recvs.poll();
                    api.complete(op, 0, 0);
                    continue;
                }
                int n = readStream(dst);
                if (n == 0 && dst.hasRemaining()) {
                    return;
                }
                if (n < 0) {
                    eof = true;
                    n = 0;
                }
                recvs.poll();
                api.complete(op, n, 0);
            } catch (IOException | RuntimeException e) {
                recvs.poll();
                api.complete(op, 0, EmulatedErrors.of(e));
            }
        }
    }

    private ByteBuffer datagramScratch() {
        if (datagramScratch == null) {
            datagramScratch = ByteBuffer.allocate(65536); // the largest UDP payload fits
        }
        datagramScratch.clear();
        return datagramScratch;
    }

    /** The error kept by {@link #readStream} for the next receive (0 if none); clears it. */
    int takePendingError() {
        int e = pendingError;
        pendingError = 0;
        return e;
    }

    /** True when a zero-byte receive can complete: data (now peeked) or the end of the stream is there. */
    private boolean probe() throws IOException {
        if (eof || peeked >= 0) {
            return true;
        }
        probe.clear();
        int n = stream.read(probe);
        if (n < 0) {
            eof = true;
            return true;
        }
        if (n == 0) {
            return false;
        }
        peeked = probe.get(0) & 0xff;
        return true;
    }

    /**
     * Reads from the stream into {@code dst} without blocking, peeked byte first: bytes read ({@code > 0}), 0 if
     * nothing is there, -1 at the end of the stream. Throws what the read throws, unless the peeked byte was already
     * delivered (the error is then kept for the next receive: see {@link #takePendingError()}).
     */
    int readStream(ByteBuffer dst) throws IOException {
        if (peeked < 0) {
            if (eof) {
                return -1;
            }
            return stream.read(dst);
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        dst.put((byte) peeked);
        peeked = -1;
        if (!eof && dst.hasRemaining()) {
            try {
                if (stream.read(dst) < 0) {
                    eof = true;
                }
            } catch (IOException | RuntimeException e) {
                pendingError = EmulatedErrors.of(e);
            }
        }
        return dst.position();
    }

    /** Like Windows, which copies send data into the socket buffer at once when there is room. */
    void trySendsNow(EmulatedIocpApi api) {
        if (!closed) {
            progressSends(api);
        }
    }

    private void progressSends(EmulatedIocpApi api) {
        while (!sends.isEmpty()) {
            EmulatedOperation op = sends.peek();
            try {
                if (op.kind == EmulatedOperation.SEND_TO) {
                    int n = datagram.send(op.buffers[0], op.address);
                    if (n == 0 && op.buffers[0].hasRemaining()) {
                        return;
                    }
                    sends.poll();
                    completeSend(api, op, n, 0);
                    continue;
                }
                if (datagram != null) {
                    long n = datagram.write(op.buffers);
                    sends.poll();
                    completeSend(api, op, (int) n, 0);
                    continue;
                }
                op.transferred += (int) (sendLimit > 0 ? writeAtMost(op.buffers, sendLimit - op.transferred)
                        : stream.write(op.buffers));
                boolean limitReached = sendLimit > 0 && op.transferred >= sendLimit;
                if (!limitReached && op.buffers[op.buffers.length - 1].hasRemaining()) {
                    return;
                }
                sends.poll();
                // with a limit: a WSASend that completes having sent only part of what it was given
                completeSend(api, op, op.transferred, 0);
            } catch (IOException | RuntimeException e) {
                sends.poll();
                completeSend(api, op, op.transferred, EmulatedErrors.of(e));
            }
        }
    }

    /** Writes at most {@code max} bytes of {@code buffers}, advancing their positions by what was written. */
    private long writeAtMost(ByteBuffer[] buffers, int max) throws IOException {
        ByteBuffer[] limited = new ByteBuffer[buffers.length];
        int left = max;
        for (int i = 0; i < buffers.length; i++) {
            ByteBuffer b = buffers[i].duplicate();
            b.limit(b.position() + Math.min(b.remaining(), left));
            left -= b.remaining();
            limited[i] = b;
        }
        long written = stream.write(limited);
        for (int i = 0; i < buffers.length; i++) {
            buffers[i].position(limited[i].position());
        }
        return written;
    }

    /** Returns true if the registration must be retried after the next select. */
    private boolean updateInterest(Selector selector) {
        SelectableChannel ch = channel();
        int interest = 0;
        if (!accepts.isEmpty()) {
            interest |= SelectionKey.OP_ACCEPT;
        }
        if (!recvs.isEmpty()) {
            interest |= SelectionKey.OP_READ;
        }
        if (!sends.isEmpty()) {
            interest |= SelectionKey.OP_WRITE;
        }
        if (connect != null) {
            interest |= SelectionKey.OP_CONNECT;
        }
        if (selectionKey != null && (selectionKey.channel() != ch || !selectionKey.isValid())) {
            selectionKey.cancel();
            selectionKey = null;
        }
        try {
            if (selectionKey == null) {
                if (interest != 0) {
                    selectionKey = ch.register(selector, interest, this);
                }
            } else {
                selectionKey.interestOps(interest);
            }
            return false;
        } catch (IOException | RuntimeException e) {
            // a cancelled key that the selector has not flushed yet: retry on the next round
            selectionKey = null;
            return interest != 0;
        }
    }
}
