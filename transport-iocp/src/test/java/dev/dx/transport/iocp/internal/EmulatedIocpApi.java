/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * A pure-Java completion port with the semantics of {@link IocpApi}: a "kernel" thread drives non-blocking
 * {@code java.nio} channels with a {@link Selector}, performs the requested operations and queues their completion
 * records on the port of the handle. Operations started successfully always complete later through
 * {@link #dequeue}; {@link #cancel} completes a pending operation with {@link #ERROR_OPERATION_ABORTED};
 * {@code java.nio} exceptions are mapped to the Windows error numbers (RST → {@link #WSAECONNRESET}, refused →
 * {@link #WSAECONNREFUSED}).
 *
 * <p>It exists to run the transport and Netty's testsuite on Linux and macOS, so it insists on what real Windows
 * insists on, and a channel that skips a step fails here as it would there:
 * <ul>
 *   <li>a socket filled by AcceptEx answers {@link #localAddress}, {@link #remoteAddress} and {@link #shutdown}
 *       with {@link #WSAENOTCONN} until {@link #updateAcceptContext} names the listener that accepted it;</li>
 *   <li>a socket connected by ConnectEx does the same until {@link #updateConnectContext};</li>
 *   <li>{@link #closeSocket} completes every operation pending on the socket with
 *       {@link #ERROR_NETNAME_DELETED}, not with the {@link #ERROR_OPERATION_ABORTED} of a cancellation;</li>
 *   <li>a datagram longer than the receive buffer completes with {@link #WSAEMSGSIZE} and its head in the buffer;</li>
 *   <li>an address must be of the socket's family ({@code bind}, ConnectEx, {@code connect} of a datagram socket,
 *       WSASendTo): an IPv6 (dual-stack) socket reaches IPv4 peers through IPv4-mapped IPv6 addresses only, and any
 *       other address fails with {@code WSAEFAULT} (10014), where java.nio would map it silently.</li>
 * </ul>
 * Test hooks make sends complete the way Windows may but seldom does: {@link #limitSends} (a WSASend completes
 * having sent fewer bytes than it was given) and {@link #holdSendCompletions} (a send completes after operations
 * started later). Two more reach the failure paths of the transport: {@link #failNextCall} (the next call of one
 * method on the current thread returns a given Windows error) and {@link #leaveConnectsUnanswered} (a ConnectEx
 * that stays pending, as when the network drops the SYNs).
 *
 * <p>Not a production transport: it lives in the test-jar and is found through {@link EmulatedIocpApiProvider}. Use
 * {@link #instance()}; all handles live in one process-wide table ({@link EmulatedHandles}).
 *
 * <p>This class is the facade: each call first asks {@link EmulatedFaultHooks} for an armed failure, then checks its
 * arguments, looks its handles up under the one lock that guards every kernel object, and hands the work to the part
 * that does it: {@link EmulatedKernel} (the thread that drives the channels), {@link EmulatedSocket} (one socket's
 * channel and pending operations), {@link EmulatedSocketCalls} (the socket calls that answer at once, with
 * {@link EmulatedSocketOptions}), {@link EmulatedFiles}, {@link EmulatedPort}, and {@link EmulatedSendHooks}.
 */
public final class EmulatedIocpApi implements IocpApi, NonBlockingRecv {

    private static final EmulatedIocpApi INSTANCE = new EmulatedIocpApi();
    /**
     * {@code WSAEFAULT} (10014): what Winsock answers when an address does not fit the socket's family (an
     * {@code AF_INET} address for an {@code AF_INET6} socket is too short a {@code sockaddr}); java.nio would accept
     * it, so the emulator checks it itself.
     */
    static final int WSAEFAULT = 10014;

    /** Guards every kernel object; the kernel thread holds it while it drives the channels. */
    private final Object lock = new Object();
    private final EmulatedHandles handles = new EmulatedHandles();
    private final EmulatedKernel kernel = new EmulatedKernel(lock);
    private final EmulatedFiles files = new EmulatedFiles(handles);
    private final EmulatedFaultHooks faults = new EmulatedFaultHooks();
    private final EmulatedSendHooks sendHooks = new EmulatedSendHooks(lock, handles);

    private EmulatedIocpApi() {
    }

    /** Returns the process-wide emulator. */
    public static EmulatedIocpApi instance() {
        return INSTANCE;
    }

    @Override
    public int initialize() {
        return kernel.start(this, files);
    }

    // ---- ports ----

    @Override
    public long createPort(int concurrency) {
        int injected = faults.takeFailure("createPort");
        if (injected != 0) {
            return -injected;
        }
        int err = initialize();
        if (err != 0) {
            return -err;
        }
        return handles.add(new EmulatedPort());
    }

    @Override
    public int closePort(long port) {
        return handles.remove(port) instanceof EmulatedPort ? 0 : ERROR_INVALID_PARAMETER;
    }

    @Override
    public int associate(long port, long handle, long key) {
        int injected = faults.takeFailure("associate");
        if (injected != 0) {
            return injected;
        }
        EmulatedPort p = handles.get(port, EmulatedPort.class);
        if (p == null || key == 0) {
            return ERROR_INVALID_PARAMETER;
        }
        synchronized (lock) {
            EmulatedHandle h = handles.get(handle, EmulatedHandle.class);
            if (h == null || h.port != null) {
                return ERROR_INVALID_PARAMETER;
            }
            h.port = p;
            h.key = key;
            return 0;
        }
    }

    @Override
    public int dequeue(long port, ByteBuffer entries, int maxEntries, int timeoutMillis) {
        int injected = faults.takeFailure("dequeue");
        if (injected != 0) {
            return -injected;
        }
        EmulatedPort p = handles.get(port, EmulatedPort.class);
        if (p == null || maxEntries < 1 || entries.capacity() < maxEntries * ENTRY_SIZE) {
            return -ERROR_INVALID_PARAMETER;
        }
        return p.dequeue(entries, maxEntries, timeoutMillis);
    }

    @Override
    public int post(long port, long key, int bytes) {
        int injected = faults.takeFailure("post");
        if (injected != 0) {
            return injected;
        }
        EmulatedPort p = handles.get(port, EmulatedPort.class);
        if (p == null) {
            return ERROR_INVALID_PARAMETER;
        }
        p.add(new EmulatedPort.Record(key, null, bytes, 0));
        return 0;
    }

    // ---- operations ----

    @Override
    public long newOperation() {
        int injected = faults.takeFailure("newOperation");
        if (injected != 0) {
            return -injected;
        }
        long h = handles.next();
        handles.put(h, new EmulatedOperation(h));
        return h;
    }

    @Override
    public void freeOperation(long operation) {
        EmulatedOperation op = handles.get(operation, EmulatedOperation.class);
        if (op == null || op.freed) {
            throw new IllegalStateException("unknown or already freed operation: " + operation);
        }
        if (op.inFlight) {
            throw new IllegalStateException("operation freed while in flight: " + operation);
        }
        op.freed = true;
        // kept in the table, marked freed: a later call with this handle is a use-after-free, which the C core turns
        // into an abort (guard canary) and the emulator into an exception, so that tests see it
    }

    /** Looks up an operation for a submit; throws on a freed one (use-after-free: a caller bug). */
    private EmulatedOperation operation(long operation) {
        EmulatedOperation op = handles.get(operation, EmulatedOperation.class);
        if (op != null && op.freed) {
            throw new IllegalStateException("operation used after free: " + operation);
        }
        return op;
    }

    @Override
    public int cancel(long handle, long operation) {
        int injected = faults.takeFailure("cancel");
        if (injected != 0) {
            return injected;
        }
        synchronized (lock) {
            EmulatedOperation op = operation(operation);
            if (op == null || !op.inFlight || op.target == null) {
                return ERROR_NOT_FOUND;
            }
            Object t = op.target;
            if (t instanceof EmulatedSocket && ((EmulatedSocket) t).handle == handle) {
                EmulatedSocket s = (EmulatedSocket) t;
                if (!s.remove(op)) {
                    return ERROR_NOT_FOUND;
                }
                if (op.kind == EmulatedOperation.ACCEPT) {
                    closeAcceptTarget(op.acceptSocket);
                }
                complete(op, op.transferred, ERROR_OPERATION_ABORTED);
                kernel.markDirty(s);
                kernel.wakeup();
                return 0;
            }
            return files.cancel(this, handle, op) ? 0 : ERROR_NOT_FOUND;
        }
    }

    /** Queues the completion of {@code op} on its target's port. Called under the lock. */
    void complete(EmulatedOperation op, int bytes, int error) {
        EmulatedHandle h = (EmulatedHandle) op.target;
        op.clear();
        h.port.add(new EmulatedPort.Record(h.key, op, bytes, error));
    }

    // ---- sockets ----

    @Override
    public long socket(int family, int type) {
        int injected = faults.takeFailure("socket");
        if (injected != 0) {
            return -injected;
        }
        if (family != FAMILY_IPV4 && family != FAMILY_IPV6 || type != TYPE_STREAM && type != TYPE_DGRAM) {
            return -ERROR_INVALID_PARAMETER;
        }
        int err = initialize();
        if (err != 0) {
            return -err;
        }
        long h = handles.next();
        try {
            handles.put(h, new EmulatedSocket(h, family, type));
            return h;
        } catch (IOException | RuntimeException e) {
            return -EmulatedErrors.of(e);
        }
    }

    @Override
    public int closeSocket(long socket) {
        int injected = faults.takeFailure("closeSocket");
        if (injected != 0) {
            return injected;
        }
        synchronized (lock) {
            EmulatedSocket s = handles.get(socket, EmulatedSocket.class);
            if (s == null) {
                return WSAENOTSOCK;
            }
            handles.remove(socket);
            kernel.forget(s);
            s.close(this);
        }
        kernel.wakeup();
        return 0;
    }

    /** Closes the accept socket of an aborted AcceptEx: the caller owns it, but it never became connected. */
    void closeAcceptTarget(long acceptSocket) {
        // Windows leaves the accept socket open; the caller closes it. Nothing to do here.
    }

    /** Runs {@code call} on the socket behind {@code socket} under the lock; {@link #WSAENOTSOCK} if there is none. */
    private int onSocket(long socket, ToIntFunction<EmulatedSocket> call) {
        synchronized (lock) {
            EmulatedSocket s = handles.get(socket, EmulatedSocket.class);
            return s == null ? WSAENOTSOCK : call.applyAsInt(s);
        }
    }

    /**
     * Moves a connection accepted by {@code listener} into the caller's accept socket, whose context then waits for
     * {@link #updateAcceptContext}. Called under the lock.
     */
    int attachAccepted(long listener, long acceptSocket, SocketChannel accepted) {
        return EmulatedSocketCalls.attachAccepted(handles.get(acceptSocket, EmulatedSocket.class), listener, accepted);
    }

    @Override
    public int bind(long socket, byte[] address) {
        int injected = faults.takeFailure("bind");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.bind(s, address));
    }

    @Override
    public int listen(long socket, int backlog) {
        int injected = faults.takeFailure("listen");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.listen(s, backlog));
    }

    @Override
    public int localAddress(long socket, byte[] out) {
        int injected = faults.takeFailure("localAddress");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.localAddress(s, out));
    }

    @Override
    public int remoteAddress(long socket, byte[] out) {
        int injected = faults.takeFailure("remoteAddress");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.remoteAddress(s, out));
    }

    @Override
    public int shutdown(long socket, int how) {
        int injected = faults.takeFailure("shutdown");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.shutdown(s, how));
    }

    @Override
    public int setOption(long socket, int option, int value) {
        int injected = faults.takeFailure("setOption");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.setOption(s, option, value));
    }

    @Override
    public int getOption(long socket, int option, int[] out) {
        int injected = faults.takeFailure("getOption");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.getOption(s, option, out));
    }

    // ---- asynchronous socket operations ----

    private int submit(long socket, long operation, int kind, java.util.function.Consumer<EmulatedOperation> fill,
                       java.util.function.Function<EmulatedSocket, Integer> check) {
        synchronized (lock) {
            EmulatedSocket s = handles.get(socket, EmulatedSocket.class);
            EmulatedOperation op = operation(operation);
            if (s == null || s.closed) {
                return WSAENOTSOCK;
            }
            if (op == null || op.inFlight) {
                return ERROR_INVALID_PARAMETER;
            }
            if (s.port == null) {
                return ERROR_INVALID_PARAMETER;
            }
            int err = check.apply(s);
            if (err != 0) {
                return err;
            }
            op.start(kind, s);
            fill.accept(op);
            switch (kind) {
                case EmulatedOperation.ACCEPT: s.accepts.add(op); break;
                case EmulatedOperation.CONNECT: s.connect = op; break;
                case EmulatedOperation.RECV:
                case EmulatedOperation.RECV_FROM: s.recvs.add(op); break;
                default:
                    s.sends.add(op);
                    if (s.sends.size() == 1) {
                        s.trySendsNow(this);
                    }
                    break;
            }
            kernel.markDirty(s);
        }
        kernel.wakeup();
        return 0;
    }

    private static ByteBuffer slice(ByteBuffer buffer, int offset, int length) {
        if (!buffer.isDirect() || offset < 0 || length < 0 || offset + length > buffer.capacity()) {
            throw new IllegalArgumentException("buffer: direct, offset " + offset + " length " + length);
        }
        ByteBuffer b = buffer.duplicate();
        b.clear().position(offset).limit(offset + length);
        return b.slice();
    }

    @Override
    public int accept(long listenSocket, long acceptSocket, long operation) {
        int injected = faults.takeFailure("accept");
        if (injected != 0) {
            return injected;
        }
        return submit(listenSocket, operation, EmulatedOperation.ACCEPT, op -> op.acceptSocket = acceptSocket,
                s -> s.server == null ? ERROR_INVALID_PARAMETER
                        : handles.get(acceptSocket, EmulatedSocket.class) == null ? WSAENOTSOCK : 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Like Windows: {@link #WSAENOTSOCK} for an unknown handle, {@link #WSAEINVAL} unless {@code acceptSocket} was
     * filled by an AcceptEx on exactly {@code listenSocket}.
     */
    @Override
    public int updateAcceptContext(long acceptSocket, long listenSocket) {
        int injected = faults.takeFailure("updateAcceptContext");
        if (injected != 0) {
            return injected;
        }
        synchronized (lock) {
            EmulatedSocket s = handles.get(acceptSocket, EmulatedSocket.class);
            if (s == null || handles.get(listenSocket, EmulatedSocket.class) == null) {
                return WSAENOTSOCK;
            }
            if (s.acceptedBy != listenSocket) {
                return WSAEINVAL;
            }
            s.acceptedBy = 0;
            return 0;
        }
    }

    @Override
    public int connect(long socket, byte[] address, long operation) {
        int injected = faults.takeFailure("connect");
        if (injected != 0) {
            return injected;
        }
        InetSocketAddress remote = SockAddr.decode(address);
        return submit(socket, operation, EmulatedOperation.CONNECT, op -> op.address = remote,
                s -> s.stream == null || !s.bound ? ERROR_INVALID_PARAMETER
                        : SockAddr.family(address) != s.family ? WSAEFAULT
                        : s.connect != null || s.connected ? 10056 /* WSAEISCONN */ : 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Like Windows: {@link #WSAENOTCONN} unless a ConnectEx on the socket has completed successfully.
     */
    @Override
    public int updateConnectContext(long socket) {
        int injected = faults.takeFailure("updateConnectContext");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, EmulatedSocketCalls::updateConnectContext);
    }

    @Override
    public int connectDatagram(long socket, byte[] address) {
        int injected = faults.takeFailure("connectDatagram");
        if (injected != 0) {
            return injected;
        }
        return onSocket(socket, s -> EmulatedSocketCalls.connectDatagram(s, address));
    }

    @Override
    public int recv(long socket, ByteBuffer buffer, int offset, int length, long operation) {
        int injected = faults.takeFailure("recv");
        if (injected != 0) {
            return injected;
        }
        ByteBuffer dst = slice(buffer, offset, length);
        return submit(socket, operation, EmulatedOperation.RECV, op -> op.buffers = new ByteBuffer[] {dst},
                s -> s.stream != null && !s.connected ? WSAENOTCONN : 0);
    }

    @Override
    public int tryRecv(long socket, ByteBuffer buffer, int offset, int length) {
        int injected = faults.takeFailure("tryRecv");
        if (injected != 0) {
            return -injected;
        }
        ByteBuffer dst = slice(buffer, offset, length);
        synchronized (lock) {
            EmulatedSocket s = handles.get(socket, EmulatedSocket.class);
            if (s == null || s.closed) {
                return -WSAENOTSOCK;
            }
            if (s.stream == null || !s.connected) {
                return -WSAENOTCONN;
            }
            if (!s.recvs.isEmpty()) {
                return -ERROR_INVALID_PARAMETER;
            }
            int pending = s.takePendingError();
            if (pending != 0) {
                return -pending;
            }
            try {
                int n = s.readStream(dst);
                if (n < 0) {
                    s.eof = true;
                    return 0;
                }
                return n == 0 ? -WSAEWOULDBLOCK : n;
            } catch (IOException | RuntimeException e) {
                return -EmulatedErrors.of(e);
            }
        }
    }

    @Override
    public int send(long socket, ByteBuffer[] buffers, int[] offsets, int[] lengths, int count, long operation) {
        int injected = faults.takeFailure("send");
        if (injected != 0) {
            return injected;
        }
        if (count < 1 || count > MAX_GATHER) {
            return ERROR_INVALID_PARAMETER;
        }
        ByteBuffer[] src = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            src[i] = slice(buffers[i], offsets[i], lengths[i]);
        }
        return submit(socket, operation, EmulatedOperation.SEND, op -> op.buffers = src,
                s -> s.stream != null && !s.connected ? WSAENOTCONN : 0);
    }

    @Override
    public int recvFrom(long socket, ByteBuffer buffer, int offset, int length, long operation) {
        int injected = faults.takeFailure("recvFrom");
        if (injected != 0) {
            return injected;
        }
        ByteBuffer dst = slice(buffer, offset, length);
        return submit(socket, operation, EmulatedOperation.RECV_FROM, op -> op.buffers = new ByteBuffer[] {dst},
                s -> s.datagram == null ? ERROR_INVALID_PARAMETER : 0);
    }

    @Override
    public int sendTo(long socket, ByteBuffer buffer, int offset, int length, byte[] address, long operation) {
        int injected = faults.takeFailure("sendTo");
        if (injected != 0) {
            return injected;
        }
        ByteBuffer src = slice(buffer, offset, length);
        InetSocketAddress to = SockAddr.decode(address);
        return submit(socket, operation, EmulatedOperation.SEND_TO, op -> {
            op.buffers = new ByteBuffer[] {src};
            op.address = to;
        }, s -> s.datagram == null ? ERROR_INVALID_PARAMETER : SockAddr.family(address) != s.family ? WSAEFAULT : 0);
    }

    @Override
    public int operationAddress(long operation, byte[] out) {
        int injected = faults.takeFailure("operationAddress");
        if (injected != 0) {
            return injected;
        }
        EmulatedOperation op = operation(operation);
        if (op == null) {
            return ERROR_INVALID_PARAMETER;
        }
        System.arraycopy(op.source, 0, out, 0, SOCKADDR_SIZE);
        return 0;
    }

    // ---- files ----

    @Override
    public long openFile(String path) {
        int injected = faults.takeFailure("openFile");
        if (injected != 0) {
            return -injected;
        }
        return files.open(path);
    }

    @Override
    public long fileSize(long file) {
        int injected = faults.takeFailure("fileSize");
        if (injected != 0) {
            return -injected;
        }
        return files.size(file);
    }

    @Override
    public int readFile(long file, long position, ByteBuffer buffer, int offset, int length, long operation) {
        int injected = faults.takeFailure("readFile");
        if (injected != 0) {
            return injected;
        }
        ByteBuffer dst = slice(buffer, offset, length);
        synchronized (lock) {
            int err = files.startRead(file, position, dst, operation(operation));
            if (err != 0) {
                return err;
            }
        }
        kernel.wakeup();
        return 0;
    }

    @Override
    public int closeFile(long file) {
        int injected = faults.takeFailure("closeFile");
        if (injected != 0) {
            return injected;
        }
        synchronized (lock) {
            return files.close(this, file);
        }
    }

    // ---- test hooks ----

    /**
     * Test hook: the next call of the {@link IocpApi} method named {@code call} that the <em>current thread</em>
     * makes fails with {@code error} and does nothing else (a method returning a handle or a count returns
     * {@code -error}); later calls behave normally. Scoped to the thread, so that the event loops of other tests
     * never see it: arm it on the event loop whose call should fail (for example from a task submitted to it), and
     * check with {@link #armedFailures()} that the call was made.
     *
     * @throws IllegalArgumentException if {@code call} names no method of {@link IocpApi} or {@link NonBlockingRecv}
     *         that can fail, or {@code error} is not positive
     */
    public void failNextCall(String call, int error) {
        faults.armFailure(call, error);
    }

    /** Test hook: forgets the failures armed on the current thread (for a test that ends before making its call). */
    public void disarmFailures() {
        faults.disarmFailures();
    }

    /** Test hook: the calls armed by {@link #failNextCall} on the current thread that have not been made yet. */
    public Set<String> armedFailures() {
        return faults.armedFailures();
    }

    /**
     * Test hook: a ConnectEx to {@code address} is never answered, as when SYNs go unanswered on the network: it
     * stays pending until it is cancelled or its socket is closed. Undone by {@link #answerConnects}.
     */
    public void leaveConnectsUnanswered(InetSocketAddress address) {
        faults.leaveConnectsUnanswered(address);
    }

    /** Test hook: undoes {@link #leaveConnectsUnanswered} for {@code address}. */
    public void answerConnects(InetSocketAddress address) {
        faults.answerConnects(address);
    }

    /** True if ConnectEx to {@code address} must stay pending (see {@link #leaveConnectsUnanswered}). */
    boolean unanswered(InetSocketAddress address) {
        return faults.unanswered(address);
    }

    /**
     * Test hook: from now on every WSASend on {@code socket} sends at most {@code maxBytes} of what it is given and
     * then completes, without error, with that byte count; the caller must send the rest again. {@code 0} turns the
     * limit off.
     *
     * @throws IllegalArgumentException if {@code socket} is not an open socket of this emulator
     */
    public void limitSends(long socket, int maxBytes) {
        sendHooks.limit(socket, maxBytes);
    }

    /**
     * Test hook: sends on {@code socket} still go on the wire at once, but their completion records are held back
     * until {@link #releaseHeldSends} (or the socket is closed), so they arrive after those of operations started
     * later.
     *
     * @throws IllegalArgumentException if {@code socket} is not an open socket of this emulator
     */
    public void holdSendCompletions(long socket) {
        sendHooks.hold(socket);
    }

    /** Test hook: the number of send completions held back on {@code socket}. */
    public int heldSends(long socket) {
        return sendHooks.held(socket);
    }

    /**
     * Test hook: queues the held send completions of {@code socket} on its port, oldest first, and stops holding.
     *
     * @return how many were released
     */
    public int releaseHeldSends(long socket) {
        return sendHooks.release(this, socket);
    }

    /** Test hook: the number of sockets open in the emulator (all ports, all threads). */
    public int openSockets() {
        return handles.count(EmulatedSocket.class);
    }

    /** Test hook: the number of files open in the emulator (all ports, all threads). */
    public int openFiles() {
        return files.openCount();
    }
}
