/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static dev.dx.transport.iocp.internal.IocpApi.ERROR_INVALID_PARAMETER;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_IPV6_V6ONLY;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_IP_TOS;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_BROADCAST;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_EXCLUSIVEADDRUSE;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_KEEPALIVE;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_LINGER;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_RCVBUF;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_REUSEADDR;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_SO_SNDBUF;
import static dev.dx.transport.iocp.internal.IocpApi.OPT_TCP_NODELAY;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/**
 * Translates the emulator's {@code setsockopt} / {@code getsockopt} calls ({@link IocpApi}'s {@code OPT_*} numbers
 * and integer values) into {@code java.nio} socket options of a channel.
 *
 * <p>Pure functions of the channel it is given: it reads and writes that channel's options and nothing else (the
 * options a socket must remember for channels it creates later are remembered by {@link EmulatedSocket} itself).
 * An option the channel does not support answers {@link IocpApi#ERROR_INVALID_PARAMETER}; {@code IPV6_V6ONLY} and
 * {@code SO_EXCLUSIVEADDRUSE} are accepted and read as 0, since java.nio has neither. The caller holds the emulator's
 * lock and maps the {@link IOException}s to Windows errors.
 */
final class EmulatedSocketOptions {

    private EmulatedSocketOptions() {
    }

    /** Sets {@code option} to {@code value} on {@code ch}; returns 0 or a Windows error. */
    static int set(NetworkChannel ch, int option, int value) throws IOException {
        switch (option) {
            case OPT_TCP_NODELAY:
                return set(ch, StandardSocketOptions.TCP_NODELAY, value != 0);
            case OPT_SO_KEEPALIVE:
                return set(ch, StandardSocketOptions.SO_KEEPALIVE, value != 0);
            case OPT_SO_REUSEADDR:
                return set(ch, StandardSocketOptions.SO_REUSEADDR, value != 0);
            case OPT_SO_RCVBUF:
                return set(ch, StandardSocketOptions.SO_RCVBUF, value);
            case OPT_SO_SNDBUF:
                return set(ch, StandardSocketOptions.SO_SNDBUF, value);
            case OPT_SO_LINGER:
                return set(ch, StandardSocketOptions.SO_LINGER, value < 0 ? -1 : value);
            case OPT_SO_BROADCAST:
                return set(ch, StandardSocketOptions.SO_BROADCAST, value != 0);
            case OPT_IP_TOS:
                return set(ch, StandardSocketOptions.IP_TOS, value);
            case OPT_IPV6_V6ONLY:
            case OPT_SO_EXCLUSIVEADDRUSE:
                return 0;
            default:
                return ERROR_INVALID_PARAMETER;
        }
    }

    /** Reads {@code option} of {@code ch} into {@code out[0]} (a boolean as 1 or 0); returns 0 or a Windows error. */
    static int get(NetworkChannel ch, int option, int[] out) throws IOException {
        Object v;
        switch (option) {
            case OPT_TCP_NODELAY: v = get(ch, StandardSocketOptions.TCP_NODELAY); break;
            case OPT_SO_KEEPALIVE: v = get(ch, StandardSocketOptions.SO_KEEPALIVE); break;
            case OPT_SO_REUSEADDR: v = get(ch, StandardSocketOptions.SO_REUSEADDR); break;
            case OPT_SO_RCVBUF: v = get(ch, StandardSocketOptions.SO_RCVBUF); break;
            case OPT_SO_SNDBUF: v = get(ch, StandardSocketOptions.SO_SNDBUF); break;
            case OPT_SO_LINGER: v = get(ch, StandardSocketOptions.SO_LINGER); break;
            case OPT_SO_BROADCAST: v = get(ch, StandardSocketOptions.SO_BROADCAST); break;
            case OPT_IP_TOS: v = get(ch, StandardSocketOptions.IP_TOS); break;
            case OPT_IPV6_V6ONLY: v = 0; break;
            case OPT_SO_EXCLUSIVEADDRUSE: v = 0; break;
            default: return ERROR_INVALID_PARAMETER;
        }
        if (v == null) {
            return ERROR_INVALID_PARAMETER;
        }
        out[0] = v instanceof Boolean ? ((Boolean) v ? 1 : 0) : (Integer) v;
        return 0;
    }

    private static <T> int set(NetworkChannel ch, SocketOption<T> option, T value) throws IOException {
        if (!ch.supportedOptions().contains(option)) {
            return ERROR_INVALID_PARAMETER;
        }
        ch.setOption(option, value);
        return 0;
    }

    private static <T> T get(NetworkChannel ch, SocketOption<T> option) throws IOException {
        return ch.supportedOptions().contains(option) ? ch.getOption(option) : null;
    }
}
