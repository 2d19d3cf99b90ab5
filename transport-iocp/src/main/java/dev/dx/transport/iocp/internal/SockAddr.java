/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Encodes and decodes the {@link IocpApi#SOCKADDR_SIZE}-byte socket address layout of {@link IocpApi}.
 */
public final class SockAddr {

    /** Offset of the address length byte (4 or 16). */
    public static final int LENGTH_OFFSET = 16;
    /** Offset of the big-endian port. */
    public static final int PORT_OFFSET = 17;
    /** Offset of the big-endian IPv6 scope id. */
    public static final int SCOPE_OFFSET = 19;

    private SockAddr() {
    }

    /** Returns a new encoded address for {@code address}, which must be resolved. */
    public static byte[] encode(InetSocketAddress address) {
        byte[] out = new byte[IocpApi.SOCKADDR_SIZE];
        encode(address, out);
        return out;
    }

    /** Encodes {@code address} (resolved) into {@code out} and returns {@code out}. */
    public static byte[] encode(InetSocketAddress address, byte[] out) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("unresolved address: " + address);
        }
        java.util.Arrays.fill(out, (byte) 0);
        byte[] raw = ip.getAddress();
        System.arraycopy(raw, 0, out, 0, raw.length);
        out[LENGTH_OFFSET] = (byte) raw.length;
        int port = address.getPort();
        out[PORT_OFFSET] = (byte) (port >>> 8);
        out[PORT_OFFSET + 1] = (byte) port;
        int scope = ip instanceof Inet6Address ? ((Inet6Address) ip).getScopeId() : 0;
        out[SCOPE_OFFSET] = (byte) (scope >>> 24);
        out[SCOPE_OFFSET + 1] = (byte) (scope >>> 16);
        out[SCOPE_OFFSET + 2] = (byte) (scope >>> 8);
        out[SCOPE_OFFSET + 3] = (byte) scope;
        return out;
    }

    /** Returns the family ({@link IocpApi#FAMILY_IPV4} or {@link IocpApi#FAMILY_IPV6}) of an encoded address. */
    public static int family(byte[] encoded) {
        return encoded[LENGTH_OFFSET] == 16 ? IocpApi.FAMILY_IPV6 : IocpApi.FAMILY_IPV4;
    }

    /** Returns the port of an encoded address. */
    public static int port(byte[] encoded) {
        return (encoded[PORT_OFFSET] & 0xff) << 8 | encoded[PORT_OFFSET + 1] & 0xff;
    }

    /** Decodes an encoded address. */
    public static InetSocketAddress decode(byte[] encoded) {
        int len = encoded[LENGTH_OFFSET];
        if (len != 4 && len != 16) {
            throw new IllegalArgumentException("bad address length: " + len);
        }
        byte[] raw = java.util.Arrays.copyOf(encoded, len);
        int scope = (encoded[SCOPE_OFFSET] & 0xff) << 24 | (encoded[SCOPE_OFFSET + 1] & 0xff) << 16
                | (encoded[SCOPE_OFFSET + 2] & 0xff) << 8 | encoded[SCOPE_OFFSET + 3] & 0xff;
        try {
            InetAddress ip = len == 16 && scope != 0
                    ? Inet6Address.getByAddress(null, raw, scope) : InetAddress.getByAddress(raw);
            return new InetSocketAddress(ip, port(encoded));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Returns the family to use for a socket that binds or connects to {@code address}. */
    public static int familyOf(InetAddress address) {
        return address instanceof Inet4Address ? IocpApi.FAMILY_IPV4 : IocpApi.FAMILY_IPV6;
    }
}
