/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Helpers of test_iocp.c: bounded waits for completions, loopback addresses, connected TCP pairs and a quarantining
 * allocator.
 */
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static dx_completion backlog[1024];
static int backlog_n;

/* Waits (bounded) for the record of op; records of other ops are kept for later. Returns 1 if found. */
int take(int64_t port, int64_t op, dx_completion *out) {
    int i;
    DWORD deadline = GetTickCount() + WAIT_MS;
    for (i = 0; i < backlog_n; i++) {
        if (backlog[i].op == (uint64_t) op) {
            *out = backlog[i];
            backlog[i] = backlog[--backlog_n];
            return 1;
        }
    }
    for (;;) {
        dx_completion batch[64];
        int found = 0;
        int32_t n;
        LONG left = (LONG) (deadline - GetTickCount());
        if (left <= 0) {
            return 0;
        }
        n = dx_dequeue(port, batch, 64, (int32_t) left);
        if (n < 0) {
            printf("    dequeue failed: %ld\n", (long) -n);
            return 0;
        }
        for (i = 0; i < n; i++) {
            if (!found && batch[i].op == (uint64_t) op) {
                *out = batch[i];
                found = 1;
            } else if (backlog_n < (int) (sizeof(backlog) / sizeof(backlog[0]))) {
                backlog[backlog_n++] = batch[i];
            }
        }
        if (found) {
            return 1;
        }
    }
}

void addr4(uint8_t out[DX_SOCKADDR_SIZE], uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
    memset(out, 0, DX_SOCKADDR_SIZE);
    out[0] = a; out[1] = b; out[2] = c; out[3] = d;
    out[16] = 4;
    out[17] = (uint8_t) (port >> 8);
    out[18] = (uint8_t) port;
}

void addr6_loopback(uint8_t out[DX_SOCKADDR_SIZE], uint16_t port) {
    memset(out, 0, DX_SOCKADDR_SIZE);
    out[15] = 1;
    out[16] = 16;
    out[17] = (uint8_t) (port >> 8);
    out[18] = (uint8_t) port;
}

void loopback(int family, uint8_t out[DX_SOCKADDR_SIZE], uint16_t port) {
    if (family == DX_FAMILY_IPV6) {
        addr6_loopback(out, port);
    } else {
        addr4(out, 127, 0, 0, 1, port);
    }
}

uint16_t addr_port(const uint8_t a[DX_SOCKADDR_SIZE]) {
    return (uint16_t) ((a[17] << 8) | a[18]);
}

void close_pair(tcp_pair *p) {
    if (p->client > 0) dx_close_socket(p->client);
    if (p->server > 0) dx_close_socket(p->server);
    if (p->listener > 0) dx_close_socket(p->listener);
    p->client = p->server = p->listener = 0;
}

/* Connects a client to a server over loopback with AcceptEx + ConnectEx; returns 0 or an error / line number. */
long make_pair(int64_t port, int family, tcp_pair *p) {
    uint8_t a[DX_SOCKADDR_SIZE];
    int64_t acc = dx_op_new();
    int64_t con = dx_op_new();
    dx_completion c;
    long rc = 0;
    memset(p, 0, sizeof(*p));
    p->listener = dx_socket(family, DX_TYPE_STREAM);
    if (p->listener <= 0) { rc = (long) -p->listener; goto out; }
    loopback(family, a, 0);
    if ((rc = (long) dx_bind(p->listener, a)) != 0) goto out;
    if ((rc = (long) dx_listen(p->listener, 16)) != 0) goto out;
    if ((rc = (long) dx_associate(port, p->listener, KEY_LISTEN)) != 0) goto out;
    p->server = dx_socket(family, DX_TYPE_STREAM);
    if ((rc = (long) dx_accept(p->listener, p->server, acc)) != 0) goto out;
    p->client = dx_socket(family, DX_TYPE_STREAM);
    loopback(family, a, 0);
    if ((rc = (long) dx_bind(p->client, a)) != 0) goto out;
    if ((rc = (long) dx_associate(port, p->client, KEY_CLIENT)) != 0) goto out;
    if ((rc = (long) dx_local_address(p->listener, a)) != 0) goto out;
    if ((rc = (long) dx_connect(p->client, a, con)) != 0) goto out;
    if (!take(port, acc, &c) || c.error != 0 || c.key != KEY_LISTEN) { rc = __LINE__; goto out; }
    if ((rc = (long) dx_update_accept_context(p->server, p->listener)) != 0) goto out;
    if ((rc = (long) dx_associate(port, p->server, KEY_SERVER)) != 0) goto out;
    if (!take(port, con, &c) || c.error != 0 || c.key != KEY_CLIENT) { rc = __LINE__; goto out; }
    rc = (long) dx_update_connect_context(p->client);
out:
    if (rc != 0) {
        printf("    make_pair failed: %ld\n", rc);
        close_pair(p);
        /* drain the aborted accept/connect so the ops are no longer in flight */
        take(port, acc, &c);
        take(port, con, &c);
    }
    dx_op_free(acc);
    dx_op_free(con);
    return rc;
}

/* Sends all of buf on s; returns 0 or an error. */
long send_all(int64_t port, int64_t s, const char *buf, uint32_t len) {
    int64_t op = dx_op_new();
    dx_buf b;
    dx_completion c;
    long rc = 0;
    while (len > 0) {
        b.base = (void *) buf;
        b.len = len;
        if ((rc = (long) dx_send(s, &b, 1, op)) != 0) break;
        if (!take(port, op, &c)) { rc = -1; break; }
        if (c.error != 0) { rc = (long) c.error; break; }
        buf += c.bytes;
        len -= c.bytes;
    }
    dx_op_free(op);
    return rc;
}

/* Receives exactly len bytes; returns 0 or an error (-2 on EOF). */
long recv_all(int64_t port, int64_t s, char *buf, uint32_t len) {
    int64_t op = dx_op_new();
    dx_completion c;
    long rc = 0;
    while (len > 0) {
        if ((rc = (long) dx_recv(s, buf, len, op)) != 0) break;
        if (!take(port, op, &c)) { rc = -1; break; }
        if (c.error != 0) { rc = (long) c.error; break; }
        if (c.bytes == 0) { rc = -2; break; }
        buf += c.bytes;
        len -= c.bytes;
    }
    dx_op_free(op);
    return rc;
}

int64_t new_port(void) {
    backlog_n = 0;
    return dx_port_create(1);
}

/* ---- a quarantining allocator: freed op blocks are poisoned and kept, and checked at the end ---- */

#define POISON 0xA5
#define QUARANTINE_MAX 256
static unsigned char *quarantine[QUARANTINE_MAX];
static size_t quarantine_size[QUARANTINE_MAX];
int quarantine_n;

void *q_alloc(size_t size) {
    return calloc(1, size);
}

void q_free(void *p, size_t size) {
    memset(p, POISON, size);
    if (quarantine_n < QUARANTINE_MAX) {
        quarantine[quarantine_n] = (unsigned char *) p;
        quarantine_size[quarantine_n] = size;
        quarantine_n++;
    } else {
        free(p);
    }
}

/* Returns the number of freed blocks written to after their free. */
int quarantine_dirty(void) {
    int i;
    int dirty = 0;
    for (i = 0; i < quarantine_n; i++) {
        size_t j;
        for (j = 0; j < quarantine_size[i]; j++) {
            if (quarantine[i][j] != POISON) {
                printf("    block %d written at offset %u after free\n", i, (unsigned) j);
                dirty++;
                break;
            }
        }
    }
    return dirty;
}

/* Bounded wait until s is readable (select works on overlapped sockets); no sleeping. */
int readable(int64_t s) {
    fd_set set;
    struct timeval tv;
    FD_ZERO(&set);
    FD_SET((SOCKET) (uintptr_t) s, &set);
    tv.tv_sec = WAIT_MS / 1000;
    tv.tv_usec = 0;
    return select(0, &set, NULL, NULL, &tv) == 1;
}
