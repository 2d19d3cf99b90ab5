/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * dx_iocp: the C core of the IOCP transport. Plain C99 + Win32/Winsock2; no JNI in here (dx_jni.c is the JNI
 * layer), so the core is tested by plain C programs (src/test/c) under Wine.
 *
 * Conventions (they mirror dev.dx.transport.iocp.internal.IocpApi):
 *   - handles are int64_t, a valid handle is > 0;
 *   - functions returning uint32_t return 0 or a Windows error number;
 *   - functions returning int64_t return a handle (> 0) or the negated Windows error number;
 *   - socket addresses use the 24-byte encoded layout DX_SOCKADDR_SIZE (see dx_addr_decode);
 *   - an operation (dx_op_new) is "in flight" from a submit call that returned 0 until dx_dequeue returned its
 *     completion record; exactly one record comes for every submit that returned 0, none for one that failed.
 */
#ifndef DX_IOCP_H
#define DX_IOCP_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- sizes and constants shared with IocpApi.java ---- */
#define DX_ENTRY_SIZE 24
#define DX_SOCKADDR_SIZE 24
#define DX_MAX_GATHER 64
#define DX_INFINITE (-1)

#define DX_FAMILY_IPV4 4
#define DX_FAMILY_IPV6 6
#define DX_TYPE_STREAM 1
#define DX_TYPE_DGRAM 2

#define DX_OPT_TCP_NODELAY 1
#define DX_OPT_SO_KEEPALIVE 2
#define DX_OPT_SO_REUSEADDR 3
#define DX_OPT_SO_RCVBUF 4
#define DX_OPT_SO_SNDBUF 5
#define DX_OPT_SO_LINGER 6
#define DX_OPT_SO_BROADCAST 7
#define DX_OPT_IP_TOS 8
#define DX_OPT_IPV6_V6ONLY 9
#define DX_OPT_SO_EXCLUSIVEADDRUSE 10

/* One completion record as written by dx_dequeue (24 bytes, native byte order). */
typedef struct dx_completion {
    uint64_t key;       /* completion key given to dx_associate / dx_post */
    uint64_t op;        /* operation handle, 0 for a posted record */
    uint32_t bytes;     /* bytes transferred (posted: the posted value) */
    uint32_t error;     /* 0 or a Win32/Winsock error number */
} dx_completion;

/* One buffer of a gathering send. */
typedef struct dx_buf {
    void *base;
    uint32_t len;
} dx_buf;

/* Allocator hooks (tests install a quarantining allocator to detect use-after-free). */
typedef void *(*dx_alloc_fn)(size_t size);
typedef void (*dx_free_fn)(void *p, size_t size);
void dx_set_allocator(dx_alloc_fn alloc_fn, dx_free_fn free_fn);

/* Counters for tests and diagnostics. */
typedef struct dx_stats {
    long live_ops;          /* operation blocks allocated and not yet freed */
    long in_flight_ops;     /* operations submitted and not yet dequeued */
    long leaked_in_flight;  /* dx_op_free calls on an in-flight op (leaked on purpose, never freed) */
} dx_stats;
void dx_get_stats(dx_stats *out);

/* ---- process ---- */
uint32_t dx_initialize(void);

/* ---- completion ports ---- */
int64_t dx_port_create(uint32_t concurrency);
uint32_t dx_port_close(int64_t port);
uint32_t dx_associate(int64_t port, int64_t handle, uint64_t key);
/* Writes 1..max records to out (which needs max * DX_ENTRY_SIZE bytes, any alignment); returns the count, 0 on
 * timeout, or the negated error number. */
int32_t dx_dequeue(int64_t port, void *out, int32_t max, int32_t timeout_ms);
uint32_t dx_post(int64_t port, uint64_t key, uint32_t bytes);

/* ---- operations ---- */
int64_t dx_op_new(void);
void dx_op_free(int64_t op);
uint32_t dx_cancel(int64_t handle, int64_t op);
/* Copies the source address of the last completed dx_recv_from on op. */
uint32_t dx_op_address(int64_t op, uint8_t out[DX_SOCKADDR_SIZE]);

/* ---- socket addresses ---- */
/* Decodes the 24-byte layout into a SOCKADDR_STORAGE; returns 0 or ERROR_INVALID_PARAMETER. */
uint32_t dx_addr_decode(const uint8_t in[DX_SOCKADDR_SIZE], SOCKADDR_STORAGE *out, int *out_len);
/* Encodes an AF_INET / AF_INET6 sockaddr; returns 0 or ERROR_INVALID_PARAMETER. */
uint32_t dx_addr_encode(const struct sockaddr *in, uint8_t out[DX_SOCKADDR_SIZE]);

/* ---- sockets ---- */
int64_t dx_socket(int32_t family, int32_t type);
uint32_t dx_close_socket(int64_t s);
uint32_t dx_bind(int64_t s, const uint8_t addr[DX_SOCKADDR_SIZE]);
uint32_t dx_listen(int64_t s, int32_t backlog);
uint32_t dx_local_address(int64_t s, uint8_t out[DX_SOCKADDR_SIZE]);
uint32_t dx_remote_address(int64_t s, uint8_t out[DX_SOCKADDR_SIZE]);
uint32_t dx_shutdown(int64_t s, int32_t how);
uint32_t dx_set_option(int64_t s, int32_t option, int32_t value);
uint32_t dx_get_option(int64_t s, int32_t option, int32_t *out);

uint32_t dx_accept(int64_t listen_socket, int64_t accept_socket, int64_t op);
uint32_t dx_update_accept_context(int64_t accept_socket, int64_t listen_socket);
uint32_t dx_connect(int64_t s, const uint8_t addr[DX_SOCKADDR_SIZE], int64_t op);
/* addr NULL dissolves the association */
uint32_t dx_connect_datagram(int64_t s, const uint8_t *addr);
uint32_t dx_update_connect_context(int64_t s);
uint32_t dx_recv(int64_t s, void *buf, uint32_t len, int64_t op);
/* Synchronous non-blocking recv (NonBlockingRecv.tryRecv): bytes (> 0), 0 at EOF, or the negated error
 * (-WSAEWOULDBLOCK when nothing is there). Call only while no overlapped receive is in flight on s. */
int32_t dx_try_recv(int64_t s, void *buf, uint32_t len);
uint32_t dx_send(int64_t s, const dx_buf *bufs, int32_t count, int64_t op);
uint32_t dx_recv_from(int64_t s, void *buf, uint32_t len, int64_t op);
uint32_t dx_send_to(int64_t s, const void *buf, uint32_t len, const uint8_t addr[DX_SOCKADDR_SIZE], int64_t op);

/* ---- files ---- */
int64_t dx_open_file(const wchar_t *path);
int64_t dx_file_size(int64_t file);
uint32_t dx_read_file(int64_t file, int64_t position, void *buf, uint32_t len, int64_t op);
uint32_t dx_close_file(int64_t file);

#ifdef __cplusplus
}
#endif
#endif /* DX_IOCP_H */
