/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Sockets: creation, addresses, options and the overlapped socket operations (AcceptEx, ConnectEx, WSARecv,
 * gathering WSASend, WSARecvFrom, WSASendTo).
 */
#include "dx_op.h"

#include <string.h>

#ifndef WSA_FLAG_NO_HANDLE_INHERIT
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#endif
#ifndef SIO_UDP_CONNRESET
#define SIO_UDP_CONNRESET _WSAIOW(IOC_VENDOR, 12)
#endif
#ifndef SO_UPDATE_ACCEPT_CONTEXT
#define SO_UPDATE_ACCEPT_CONTEXT 0x700B
#endif
#ifndef SO_UPDATE_CONNECT_CONTEXT
#define SO_UPDATE_CONNECT_CONTEXT 0x7010
#endif

static uint32_t dx_wsa_error(void) {
    return (uint32_t) WSAGetLastError();
}

/* ---- addresses ---- */

uint32_t dx_addr_decode(const uint8_t in[DX_SOCKADDR_SIZE], SOCKADDR_STORAGE *out, int *out_len) {
    uint16_t port = (uint16_t) ((in[17] << 8) | in[18]);
    memset(out, 0, sizeof(*out));
    if (in[16] == 4) {
        struct sockaddr_in *a = (struct sockaddr_in *) out;
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        memcpy(&a->sin_addr, in, 4);
        *out_len = (int) sizeof(*a);
        return 0;
    }
    if (in[16] == 16) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *) out;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        memcpy(&a->sin6_addr, in, 16);
        a->sin6_scope_id = ((ULONG) in[19] << 24) | ((ULONG) in[20] << 16) | ((ULONG) in[21] << 8) | in[22];
        *out_len = (int) sizeof(*a);
        return 0;
    }
    return ERROR_INVALID_PARAMETER;
}

uint32_t dx_addr_encode(const struct sockaddr *in, uint8_t out[DX_SOCKADDR_SIZE]) {
    uint16_t port;
    ULONG scope = 0;
    memset(out, 0, DX_SOCKADDR_SIZE);
    if (in->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *) in;
        memcpy(out, &a->sin_addr, 4);
        out[16] = 4;
        port = ntohs(a->sin_port);
    } else if (in->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *) in;
        memcpy(out, &a->sin6_addr, 16);
        out[16] = 16;
        port = ntohs(a->sin6_port);
        scope = a->sin6_scope_id;
    } else {
        return ERROR_INVALID_PARAMETER;
    }
    out[17] = (uint8_t) (port >> 8);
    out[18] = (uint8_t) port;
    out[19] = (uint8_t) (scope >> 24);
    out[20] = (uint8_t) (scope >> 16);
    out[21] = (uint8_t) (scope >> 8);
    out[22] = (uint8_t) scope;
    return 0;
}

/* ---- plain socket calls ---- */

int64_t dx_socket(int32_t family, int32_t type) {
    int af = family == DX_FAMILY_IPV6 ? AF_INET6 : family == DX_FAMILY_IPV4 ? AF_INET : -1;
    int st = type == DX_TYPE_STREAM ? SOCK_STREAM : type == DX_TYPE_DGRAM ? SOCK_DGRAM : -1;
    SOCKET s;
    if (af < 0 || st < 0) {
        return -(int64_t) ERROR_INVALID_PARAMETER;
    }
    s = WSASocketW(af, st, st == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP, NULL, 0,
            WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET && WSAGetLastError() == WSAEINVAL) {
        /* before Windows 7 SP1 WSA_FLAG_NO_HANDLE_INHERIT is unknown */
        s = WSASocketW(af, st, st == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    }
    if (s == INVALID_SOCKET) {
        return -(int64_t) dx_wsa_error();
    }
    if (st == SOCK_DGRAM) {
        /* An ICMP port unreachable must not fail the next WSARecvFrom with WSAECONNRESET (as in Java's NIO). */
        BOOL off = FALSE;
        DWORD bytes = 0;
        (void) WSAIoctl(s, SIO_UDP_CONNRESET, &off, sizeof(off), NULL, 0, &bytes, NULL, NULL);
    }
    return (int64_t) s;
}

uint32_t dx_close_socket(int64_t s) {
    if (closesocket(DX_SOCKET(s)) == 0) {
        return 0;
    }
    if (WSAGetLastError() == WSAEWOULDBLOCK) {
        /* SO_LINGER with a timeout on a socket dx_try_recv made non-blocking: the socket is still open; close it
         * the blocking way, as the linger option asks */
        u_long off = 0;
        (void) ioctlsocket(DX_SOCKET(s), FIONBIO, &off);
        if (closesocket(DX_SOCKET(s)) == 0) {
            return 0;
        }
    }
    return dx_wsa_error();
}

int32_t dx_try_recv(int64_t s, void *buf, uint32_t len) {
    u_long on = 1;
    int n;
    /* Non-blocking mode does not change overlapped calls on the socket (libuv keeps every IOCP socket in it). */
    if (ioctlsocket(DX_SOCKET(s), FIONBIO, &on) != 0) {
        return -(int32_t) dx_wsa_error();
    }
    n = recv(DX_SOCKET(s), (char *) buf, len > 0x7fffffffU ? 0x7fffffff : (int) len, 0);
    return n == SOCKET_ERROR ? -(int32_t) dx_wsa_error() : (int32_t) n;
}

uint32_t dx_bind(int64_t s, const uint8_t addr[DX_SOCKADDR_SIZE]) {
    SOCKADDR_STORAGE sa;
    int len;
    if (dx_addr_decode(addr, &sa, &len) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    return bind(DX_SOCKET(s), (struct sockaddr *) &sa, len) == 0 ? 0 : dx_wsa_error();
}

uint32_t dx_listen(int64_t s, int32_t backlog) {
    return listen(DX_SOCKET(s), backlog) == 0 ? 0 : dx_wsa_error();
}

uint32_t dx_local_address(int64_t s, uint8_t out[DX_SOCKADDR_SIZE]) {
    SOCKADDR_STORAGE sa;
    int len = (int) sizeof(sa);
    if (getsockname(DX_SOCKET(s), (struct sockaddr *) &sa, &len) != 0) {
        return dx_wsa_error();
    }
    return dx_addr_encode((struct sockaddr *) &sa, out);
}

uint32_t dx_remote_address(int64_t s, uint8_t out[DX_SOCKADDR_SIZE]) {
    SOCKADDR_STORAGE sa;
    int len = (int) sizeof(sa);
    if (getpeername(DX_SOCKET(s), (struct sockaddr *) &sa, &len) != 0) {
        return dx_wsa_error();
    }
    return dx_addr_encode((struct sockaddr *) &sa, out);
}

uint32_t dx_shutdown(int64_t s, int32_t how) {
    if (how < SD_RECEIVE || how > SD_BOTH) {
        return ERROR_INVALID_PARAMETER;
    }
    return shutdown(DX_SOCKET(s), how) == 0 ? 0 : dx_wsa_error();
}

static int dx_socket_family(SOCKET s) {
    WSAPROTOCOL_INFOW info;
    int len = (int) sizeof(info);
    if (getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *) &info, &len) != 0) {
        return AF_INET;
    }
    return info.iAddressFamily;
}

/* Maps an option id to level/name; returns 0 or ERROR_INVALID_PARAMETER. */
static uint32_t dx_option(SOCKET s, int32_t option, int *level, int *name) {
    switch (option) {
    case DX_OPT_TCP_NODELAY: *level = IPPROTO_TCP; *name = TCP_NODELAY; return 0;
    case DX_OPT_SO_KEEPALIVE: *level = SOL_SOCKET; *name = SO_KEEPALIVE; return 0;
    case DX_OPT_SO_REUSEADDR: *level = SOL_SOCKET; *name = SO_REUSEADDR; return 0;
    case DX_OPT_SO_RCVBUF: *level = SOL_SOCKET; *name = SO_RCVBUF; return 0;
    case DX_OPT_SO_SNDBUF: *level = SOL_SOCKET; *name = SO_SNDBUF; return 0;
    case DX_OPT_SO_LINGER: *level = SOL_SOCKET; *name = SO_LINGER; return 0;
    case DX_OPT_SO_BROADCAST: *level = SOL_SOCKET; *name = SO_BROADCAST; return 0;
    case DX_OPT_IP_TOS:
        if (dx_socket_family(s) == AF_INET6) {
            *level = IPPROTO_IPV6;
            *name = IPV6_TCLASS;
        } else {
            *level = IPPROTO_IP;
            *name = IP_TOS;
        }
        return 0;
    case DX_OPT_IPV6_V6ONLY: *level = IPPROTO_IPV6; *name = IPV6_V6ONLY; return 0;
    case DX_OPT_SO_EXCLUSIVEADDRUSE: *level = SOL_SOCKET; *name = SO_EXCLUSIVEADDRUSE; return 0;
    default: return ERROR_INVALID_PARAMETER;
    }
}

uint32_t dx_set_option(int64_t s, int32_t option, int32_t value) {
    int level;
    int name;
    uint32_t err = dx_option(DX_SOCKET(s), option, &level, &name);
    if (err != 0) {
        return err;
    }
    if (option == DX_OPT_SO_LINGER) {
        struct linger l;
        l.l_onoff = (u_short) (value >= 0 ? 1 : 0);
        l.l_linger = (u_short) (value >= 0 ? (value > 65535 ? 65535 : value) : 0);
        return setsockopt(DX_SOCKET(s), level, name, (const char *) &l, (int) sizeof(l)) == 0 ? 0 : dx_wsa_error();
    }
    return setsockopt(DX_SOCKET(s), level, name, (const char *) &value, (int) sizeof(value)) == 0
            ? 0 : dx_wsa_error();
}

uint32_t dx_get_option(int64_t s, int32_t option, int32_t *out) {
    int level;
    int name;
    int value = 0;
    int len = (int) sizeof(value);
    uint32_t err = dx_option(DX_SOCKET(s), option, &level, &name);
    if (err != 0) {
        return err;
    }
    if (option == DX_OPT_SO_LINGER) {
        struct linger l;
        len = (int) sizeof(l);
        memset(&l, 0, sizeof(l));
        if (getsockopt(DX_SOCKET(s), level, name, (char *) &l, &len) != 0) {
            return dx_wsa_error();
        }
        *out = l.l_onoff ? (int32_t) l.l_linger : -1;
        return 0;
    }
    if (getsockopt(DX_SOCKET(s), level, name, (char *) &value, &len) != 0) {
        return dx_wsa_error();
    }
    if (len == 1) {
        value &= 0xff; /* some stacks answer boolean options with one byte */
    }
    switch (option) {
    case DX_OPT_SO_RCVBUF:
    case DX_OPT_SO_SNDBUF:
    case DX_OPT_IP_TOS:
        *out = value;
        break;
    default:
        *out = value != 0 ? 1 : 0;
        break;
    }
    return 0;
}

uint32_t dx_update_accept_context(int64_t accept_socket, int64_t listen_socket) {
    SOCKET ls = DX_SOCKET(listen_socket);
    return setsockopt(DX_SOCKET(accept_socket), SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (const char *) &ls,
            (int) sizeof(ls)) == 0 ? 0 : dx_wsa_error();
}

uint32_t dx_update_connect_context(int64_t s) {
    return setsockopt(DX_SOCKET(s), SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) == 0 ? 0 : dx_wsa_error();
}

uint32_t dx_connect_datagram(int64_t s, const uint8_t *addr) {
    SOCKADDR_STORAGE sa;
    int len;
    if (addr == NULL) {
        memset(&sa, 0, sizeof(sa));
        sa.ss_family = AF_UNSPEC;
        len = (int) sizeof(struct sockaddr_in6);
    } else if (dx_addr_decode(addr, &sa, &len) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    return connect(DX_SOCKET(s), (struct sockaddr *) &sa, len) == 0 ? 0 : dx_wsa_error();
}

/* ---- overlapped socket operations ---- */

/* Result of a Winsock overlapped call: success and "pending" both mean a completion will be queued. */
static uint32_t dx_submitted(dx_op *op, int failed) {
    if (failed) {
        int err = WSAGetLastError();
        if (err != WSA_IO_PENDING) {
            return dx_op_abandon(op, (uint32_t) err);
        }
    }
    return 0;
}

uint32_t dx_accept(int64_t listen_socket, int64_t accept_socket, int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "accept");
    DWORD received = 0;
    BOOL ok;
    if (dx_fn_accept_ex == NULL) {
        return WSANOTINITIALISED;
    }
    if (dx_op_begin(op, DX_OP_ACCEPT) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    ok = dx_fn_accept_ex(DX_SOCKET(listen_socket), DX_SOCKET(accept_socket), op->accept_area, 0,
            DX_ACCEPT_ADDR_LEN, DX_ACCEPT_ADDR_LEN, &received, &op->ov);
    return dx_submitted(op, !ok);
}

uint32_t dx_connect(int64_t s, const uint8_t addr[DX_SOCKADDR_SIZE], int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "connect");
    BOOL ok;
    if (dx_fn_connect_ex == NULL) {
        return WSANOTINITIALISED;
    }
    if (dx_op_begin(op, DX_OP_CONNECT) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    if (dx_addr_decode(addr, &op->addr, &op->addr_len) != 0) {
        return dx_op_abandon(op, ERROR_INVALID_PARAMETER);
    }
    ok = dx_fn_connect_ex(DX_SOCKET(s), (const struct sockaddr *) &op->addr, op->addr_len, NULL, 0, NULL, &op->ov);
    return dx_submitted(op, !ok);
}

uint32_t dx_recv(int64_t s, void *buf, uint32_t len, int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "recv");
    int rc;
    if (dx_op_begin(op, DX_OP_RECV) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    op->bufs[0].buf = (char *) buf;
    op->bufs[0].len = (ULONG) len;
    rc = WSARecv(DX_SOCKET(s), op->bufs, 1, NULL, &op->flags, &op->ov, NULL);
    return dx_submitted(op, rc != 0);
}

uint32_t dx_send(int64_t s, const dx_buf *bufs, int32_t count, int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "send");
    int32_t i;
    int rc;
    if (count < 1 || count > DX_MAX_GATHER) {
        return ERROR_INVALID_PARAMETER;
    }
    if (dx_op_begin(op, DX_OP_SEND) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    for (i = 0; i < count; i++) {
        op->bufs[i].buf = (char *) bufs[i].base;
        op->bufs[i].len = (ULONG) bufs[i].len;
    }
    rc = WSASend(DX_SOCKET(s), op->bufs, (DWORD) count, NULL, 0, &op->ov, NULL);
    return dx_submitted(op, rc != 0);
}

uint32_t dx_recv_from(int64_t s, void *buf, uint32_t len, int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "recvFrom");
    int rc;
    if (dx_op_begin(op, DX_OP_RECV_FROM) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    memset(&op->addr, 0, sizeof(op->addr));
    op->addr_len = (INT) sizeof(op->addr);
    op->bufs[0].buf = (char *) buf;
    op->bufs[0].len = (ULONG) len;
    rc = WSARecvFrom(DX_SOCKET(s), op->bufs, 1, NULL, &op->flags, (struct sockaddr *) &op->addr, &op->addr_len,
            &op->ov, NULL);
    return dx_submitted(op, rc != 0);
}

uint32_t dx_send_to(int64_t s, const void *buf, uint32_t len, const uint8_t addr[DX_SOCKADDR_SIZE],
        int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "sendTo");
    int rc;
    if (dx_op_begin(op, DX_OP_SEND_TO) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    if (dx_addr_decode(addr, &op->addr, &op->addr_len) != 0) {
        return dx_op_abandon(op, ERROR_INVALID_PARAMETER);
    }
    op->bufs[0].buf = (char *) buf;
    op->bufs[0].len = (ULONG) len;
    rc = WSASendTo(DX_SOCKET(s), op->bufs, 1, NULL, 0, (const struct sockaddr *) &op->addr, op->addr_len,
            &op->ov, NULL);
    return dx_submitted(op, rc != 0);
}
