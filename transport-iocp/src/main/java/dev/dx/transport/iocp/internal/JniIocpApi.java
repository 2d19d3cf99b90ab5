/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Windows implementation of {@link IocpApi} (and of the optional {@link NonBlockingRecv}): every method is one
 * call of the same-named {@code native} method of {@link Native}, implemented in C ({@code src/main/c}) over
 * completion ports, Winsock extension functions and overlapped {@code ReadFile}. Broken caller preconditions (a
 * {@code null} or heap buffer, a short address array) throw {@link NullPointerException} or
 * {@link IllegalArgumentException} here; operating-system failures are returned as error numbers by the natives.
 * Obtain it with {@link #create()} (which {@code dev.dx.transport.iocp.Iocp} calls by reflection on Windows).
 * Stateless and thread-safe; the threading rules of {@link IocpApi} apply to its calls.
 */
public final class JniIocpApi implements IocpApi, NonBlockingRecv {

    private static final JniIocpApi INSTANCE = new JniIocpApi();

    private JniIocpApi() {
    }

    /**
     * Loads the DLL (see {@link NativeLibraryLoader}), initialises Winsock and returns the implementation.
     *
     * @throws UnsatisfiedLinkError if the library cannot be loaded
     * @throws IllegalStateException naming the Windows error number if {@link #initialize()} fails
     */
    public static IocpApi create() {
        Native.load();
        int err = Native.initialize();
        if (err != 0) {
            throw new IllegalStateException("IOCP initialisation (WSAStartup / AcceptEx / ConnectEx) failed: error "
                    + err);
        }
        return INSTANCE;
    }

    private static ByteBuffer direct(ByteBuffer buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct: " + buffer);
        }
        if (offset < 0 || length < 0 || (long) offset + length > buffer.capacity()) {
            throw new IllegalArgumentException("offset : " + offset + ", length : " + length
                    + " (expected: 0 <= offset, 0 <= length, offset + length <= " + buffer.capacity() + ')');
        }
        return buffer;
    }

    private static byte[] address(byte[] address, String name) {
        Objects.requireNonNull(address, name);
        if (address.length < SOCKADDR_SIZE) {
            throw new IllegalArgumentException(name + ".length : " + address.length + " (expected: >= "
                    + SOCKADDR_SIZE + ')');
        }
        return address;
    }

    @Override
    public int initialize() {
        return Native.initialize();
    }

    @Override
    public long createPort(int concurrency) {
        return Native.createPort(concurrency);
    }

    @Override
    public int closePort(long port) {
        return Native.closePort(port);
    }

    @Override
    public int associate(long port, long handle, long key) {
        return Native.associate(port, handle, key);
    }

    @Override
    public int dequeue(long port, ByteBuffer entries, int maxEntries, int timeoutMillis) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries : " + maxEntries + " (expected: > 0)");
        }
        direct(entries, 0, Math.multiplyExact(maxEntries, ENTRY_SIZE));
        return Native.dequeue(port, entries, maxEntries, timeoutMillis);
    }

    @Override
    public int post(long port, long key, int bytes) {
        return Native.post(port, key, bytes);
    }

    @Override
    public long newOperation() {
        return Native.newOperation();
    }

    @Override
    public void freeOperation(long operation) {
        Native.freeOperation(operation);
    }

    @Override
    public int cancel(long handle, long operation) {
        return Native.cancel(handle, operation);
    }

    @Override
    public long socket(int family, int type) {
        return Native.socket(family, type);
    }

    @Override
    public int closeSocket(long socket) {
        return Native.closeSocket(socket);
    }

    @Override
    public int bind(long socket, byte[] address) {
        return Native.bind(socket, address(address, "address"));
    }

    @Override
    public int listen(long socket, int backlog) {
        return Native.listen(socket, backlog);
    }

    @Override
    public int localAddress(long socket, byte[] out) {
        return Native.localAddress(socket, address(out, "out"));
    }

    @Override
    public int remoteAddress(long socket, byte[] out) {
        return Native.remoteAddress(socket, address(out, "out"));
    }

    @Override
    public int shutdown(long socket, int how) {
        return Native.shutdown(socket, how);
    }

    @Override
    public int setOption(long socket, int option, int value) {
        return Native.setOption(socket, option, value);
    }

    @Override
    public int getOption(long socket, int option, int[] out) {
        Objects.requireNonNull(out, "out");
        if (out.length < 1) {
            throw new IllegalArgumentException("out.length : 0 (expected: >= 1)");
        }
        return Native.getOption(socket, option, out);
    }

    @Override
    public int accept(long listenSocket, long acceptSocket, long operation) {
        return Native.accept(listenSocket, acceptSocket, operation);
    }

    @Override
    public int updateAcceptContext(long acceptSocket, long listenSocket) {
        return Native.updateAcceptContext(acceptSocket, listenSocket);
    }

    @Override
    public int connect(long socket, byte[] address, long operation) {
        return Native.connect(socket, address(address, "address"), operation);
    }

    @Override
    public int connectDatagram(long socket, byte[] address) {
        return Native.connectDatagram(socket, address == null ? null : address(address, "address"));
    }

    @Override
    public int updateConnectContext(long socket) {
        return Native.updateConnectContext(socket);
    }

    @Override
    public int recv(long socket, ByteBuffer buffer, int offset, int length, long operation) {
        return Native.recv(socket, direct(buffer, offset, length), offset, length, operation);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Natively: {@code ioctlsocket(FIONBIO, 1)} (overlapped calls on the socket are unaffected) and a plain
     * {@code recv}.
     */
    @Override
    public int tryRecv(long socket, ByteBuffer buffer, int offset, int length) {
        return Native.tryRecv(socket, direct(buffer, offset, length), offset, length);
    }

    @Override
    public int send(long socket, ByteBuffer[] buffers, int[] offsets, int[] lengths, int count, long operation) {
        if (count < 1 || count > MAX_GATHER) {
            throw new IllegalArgumentException("count : " + count + " (expected: 1.." + MAX_GATHER + ')');
        }
        if (buffers.length < count || offsets.length < count || lengths.length < count) {
            throw new IllegalArgumentException("count : " + count + " (expected: <= the length of each array)");
        }
        for (int i = 0; i < count; i++) {
            direct(buffers[i], offsets[i], lengths[i]);
        }
        return Native.send(socket, buffers, offsets, lengths, count, operation);
    }

    @Override
    public int recvFrom(long socket, ByteBuffer buffer, int offset, int length, long operation) {
        return Native.recvFrom(socket, direct(buffer, offset, length), offset, length, operation);
    }

    @Override
    public int sendTo(long socket, ByteBuffer buffer, int offset, int length, byte[] address, long operation) {
        return Native.sendTo(socket, direct(buffer, offset, length), offset, length, address(address, "address"),
                operation);
    }

    @Override
    public int operationAddress(long operation, byte[] out) {
        return Native.operationAddress(operation, address(out, "out"));
    }

    @Override
    public long openFile(String path) {
        return Native.openFile(Objects.requireNonNull(path, "path"));
    }

    @Override
    public long fileSize(long file) {
        return Native.fileSize(file);
    }

    @Override
    public int readFile(long file, long position, ByteBuffer buffer, int offset, int length, long operation) {
        if (position < 0) {
            throw new IllegalArgumentException("position : " + position + " (expected: >= 0)");
        }
        return Native.readFile(file, position, direct(buffer, offset, length), offset, length, operation);
    }

    @Override
    public int closeFile(long file) {
        return Native.closeFile(file);
    }
}
