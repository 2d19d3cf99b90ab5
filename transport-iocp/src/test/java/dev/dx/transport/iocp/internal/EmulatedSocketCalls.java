/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static dev.dx.transport.iocp.internal.EmulatedIocpApi.WSAEFAULT;
import static dev.dx.transport.iocp.internal.IocpApi.ERROR_INVALID_PARAMETER;
import static dev.dx.transport.iocp.internal.IocpApi.FAMILY_IPV6;
import static dev.dx.transport.iocp.internal.IocpApi.SD_BOTH;
import static dev.dx.transport.iocp.internal.IocpApi.SD_RECEIVE;
import static dev.dx.transport.iocp.internal.IocpApi.SD_SEND;
import static dev.dx.transport.iocp.internal.IocpApi.WSAENOTCONN;
import static dev.dx.transport.iocp.internal.IocpApi.WSAENOTSOCK;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The emulator's Winsock calls that answer at once on one socket: {@code bind}, {@code listen},
 * {@code getsockname}, {@code getpeername}, {@code shutdown}, {@code setsockopt} / {@code getsockopt},
 * {@code SO_UPDATE_CONNECT_CONTEXT}, the {@code connect} of a datagram socket, and moving a connection accepted by
 * AcceptEx into the caller's accept socket. Each returns 0 or a Windows error, never throws for what Winsock would
 * answer with an error, and insists on what Windows insists on: an address of the socket's family
 * ({@link EmulatedIocpApi#WSAEFAULT} otherwise), and no addresses nor {@code shutdown} while the context of an
 * AcceptEx or ConnectEx connection has not been updated ({@link IocpApi#WSAENOTCONN}).
 *
 * <p>Functions of the {@link EmulatedSocket} they are given, which {@link EmulatedIocpApi} has looked up under its
 * lock and holds it while they run: they may touch that socket's channels and state and nothing else (no handle
 * table, no port, no other socket).
 */
final class EmulatedSocketCalls {

    private EmulatedSocketCalls() {
    }

    /** {@code bind}: binds the socket's channel to {@code address}. */
    static int bind(EmulatedSocket s, byte[] address) {
        if (SockAddr.family(address) != s.family) {
            return WSAEFAULT;
        }
        try {
            ((NetworkChannel) s.channel()).bind(SockAddr.decode(address));
            s.bound = true;
            return 0;
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /**
     * {@code listen}: replaces the bound stream channel by a server channel on the same address, with the
     * {@code SO_REUSEADDR} and {@code SO_RCVBUF} set on the socket before.
     */
    static int listen(EmulatedSocket s, int backlog) {
        if (s.stream == null || !s.bound) {
            return ERROR_INVALID_PARAMETER;
        }
        try {
            InetSocketAddress local = (InetSocketAddress) s.stream.getLocalAddress();
            ServerSocketChannel server = ServerSocketChannel.open(
                    s.family == FAMILY_IPV6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            server.configureBlocking(false);
            if (s.reuseAddress >= 0) {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, s.reuseAddress != 0);
            }
            if (s.receiveBuffer > 0) {
                server.setOption(StandardSocketOptions.SO_RCVBUF, s.receiveBuffer);
            }
            s.stream.close();
            s.stream = null;
            try {
                server.bind(local, backlog);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            s.server = server;
            return 0;
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /** {@code getsockname}: encodes the socket's local address into {@code out}. */
    static int localAddress(EmulatedSocket s, byte[] out) {
        return encodeAddress(s, out, ERROR_INVALID_PARAMETER, () -> ((NetworkChannel) s.channel()).getLocalAddress());
    }

    /** {@code getpeername}: encodes the socket's remote address into {@code out}. */
    static int remoteAddress(EmulatedSocket s, byte[] out) {
        return encodeAddress(s, out, WSAENOTCONN, () -> s.stream != null ? s.stream.getRemoteAddress()
                : s.datagram != null ? s.datagram.getRemoteAddress() : null);
    }

    /** One of the socket's addresses, or null if it has none; may throw what java.nio throws. */
    private interface AddressQuery {
        SocketAddress get() throws IOException;
    }

    /**
     * Encodes the address {@code query} returns into {@code out}; {@code whenNone} if there is none, and
     * {@link IocpApi#WSAENOTCONN} while the socket's context has not been updated.
     */
    private static int encodeAddress(EmulatedSocket s, byte[] out, int whenNone, AddressQuery query) {
        if (s.contextPending()) {
            return WSAENOTCONN;
        }
        try {
            InetSocketAddress a = (InetSocketAddress) query.get();
            if (a == null) {
                return whenNone;
            }
            SockAddr.encode(a, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /**
     * {@code shutdown}: shuts the input down at once; the output once the sends in flight have gone (the kernel
     * thread does it then).
     */
    static int shutdown(EmulatedSocket s, int how) {
        if (s.stream == null || !s.stream.isConnected() || s.contextPending()) {
            return WSAENOTCONN;
        }
        try {
            if (how == SD_RECEIVE || how == SD_BOTH) {
                s.stream.shutdownInput();
            }
            if (how == SD_SEND || how == SD_BOTH) {
                if (s.sends.isEmpty()) {
                    s.stream.shutdownOutput();
                } else {
                    s.shutdownPending = true;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /** {@code setsockopt}: remembers what the socket must carry over, then sets the option on its channel. */
    static int setOption(EmulatedSocket s, int option, int value) {
        s.rememberOption(option, value);
        try {
            return EmulatedSocketOptions.set((NetworkChannel) s.channel(), option, value);
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /** {@code getsockopt}: reads the option of the socket's channel into {@code out[0]}. */
    static int getOption(EmulatedSocket s, int option, int[] out) {
        try {
            return EmulatedSocketOptions.get((NetworkChannel) s.channel(), option, out);
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /** {@code SO_UPDATE_CONNECT_CONTEXT}: allowed once, after a ConnectEx completed successfully. */
    static int updateConnectContext(EmulatedSocket s) {
        if (!s.connectContextPending) {
            return WSAENOTCONN;
        }
        s.connectContextPending = false;
        return 0;
    }

    /** {@code connect} of a datagram socket to {@code address}, or its disconnection if {@code address} is null. */
    static int connectDatagram(EmulatedSocket s, byte[] address) {
        if (s.datagram == null) {
            return ERROR_INVALID_PARAMETER;
        }
        try {
            if (address == null) {
                s.datagram.disconnect();
                s.connected = false;
            } else if (SockAddr.family(address) != s.family) {
                return WSAEFAULT;
            } else {
                s.datagram.connect(SockAddr.decode(address));
                s.connected = true;
                s.bound = true;
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return EmulatedErrors.of(e);
        }
    }

    /**
     * Moves {@code accepted}, a connection accepted by the listener {@code listener}, into {@code target}, the
     * caller's accept socket (null if its handle is unknown), whose context then waits for
     * {@code SO_UPDATE_ACCEPT_CONTEXT}. Closes {@code accepted} if it cannot be moved.
     */
    static int attachAccepted(EmulatedSocket target, long listener, SocketChannel accepted) {
        if (target == null || target.closed) {
            EmulatedSocket.closeQuietly(accepted);
            return WSAENOTSOCK;
        }
        try {
            accepted.configureBlocking(false);
            EmulatedSocket.closeQuietly(target.stream);
            target.stream = accepted;
            target.connected = true;
            target.bound = true;
            target.acceptedBy = listener;
            if (target.receiveBuffer > 0) {
                accepted.setOption(StandardSocketOptions.SO_RCVBUF, target.receiveBuffer);
            }
            return 0;
        } catch (IOException e) {
            EmulatedSocket.closeQuietly(accepted);
            return EmulatedErrors.of(e);
        }
    }
}
