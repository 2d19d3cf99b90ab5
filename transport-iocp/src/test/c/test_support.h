/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Helpers of test_iocp.c (see test_support.c).
 */
#ifndef DX_TEST_SUPPORT_H
#define DX_TEST_SUPPORT_H

#include "dx_iocp.h"

#define WAIT_MS 5000
#define KEY_LISTEN 1
#define KEY_SERVER 2
#define KEY_CLIENT 3
#define KEY_UDP_A 4
#define KEY_UDP_B 5
#define KEY_FILE 6
#define KEY_POSTED 7

typedef struct tcp_pair {
    int64_t listener;
    int64_t server;
    int64_t client;
} tcp_pair;

/* Waits (bounded) for the record of op; records of other ops are kept for later. Returns 1 if found. */
int take(int64_t port, int64_t op, dx_completion *out);
void addr4(uint8_t out[DX_SOCKADDR_SIZE], uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port);
void addr6_loopback(uint8_t out[DX_SOCKADDR_SIZE], uint16_t port);
void loopback(int family, uint8_t out[DX_SOCKADDR_SIZE], uint16_t port);
uint16_t addr_port(const uint8_t a[DX_SOCKADDR_SIZE]);
void close_pair(tcp_pair *p);
/* Connects a client to a server over loopback with AcceptEx + ConnectEx; returns 0 or an error / line number. */
long make_pair(int64_t port, int family, tcp_pair *p);
/* Sends all of buf on s; returns 0 or an error. */
long send_all(int64_t port, int64_t s, const char *buf, uint32_t len);
/* Receives exactly len bytes; returns 0 or an error (-2 on EOF). */
long recv_all(int64_t port, int64_t s, char *buf, uint32_t len);
/* A new port (and an empty backlog of unclaimed records). */
int64_t new_port(void);
/* Bounded wait until s is readable (select works on overlapped sockets); no sleeping. */
int readable(int64_t s);

/* The quarantining allocator: freed blocks are poisoned and kept. */
extern int quarantine_n;
void *q_alloc(size_t size);
void q_free(void *p, size_t size);
/* Returns the number of freed blocks written to after their free. */
int quarantine_dirty(void);

#endif /* DX_TEST_SUPPORT_H */
