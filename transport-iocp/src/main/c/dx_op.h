/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Internal: the operation block. Not part of the dx_iocp.h API.
 *
 *   +------------------+  head canary  DX_CANARY_HEAD
 *   | OVERLAPPED       |  the only part the kernel writes into while the op is in flight (Internal = NTSTATUS)
 *   | state            |  in_flight flag, kind, WSARecv flags, address length
 *   | addr             |  WSARecvFrom source / WSASendTo destination (SOCKADDR_STORAGE)
 *   | bufs[64]         |  WSABUF array of the last gathering send
 *   | accept_area      |  AcceptEx local + remote address area
 *   +------------------+  tail canary  DX_CANARY_TAIL
 *
 * A block is freed only when it is not in flight; its canaries are checked on every submit, on every dequeue and on
 * free, and overwritten with DX_CANARY_FREED when it is freed.
 */
#ifndef DX_OP_H
#define DX_OP_H

#include "dx_iocp.h"
#include <mswsock.h>

#define DX_CANARY_HEAD 0x44584f5048454144ULL  /* "DXOPHEAD" */
#define DX_CANARY_TAIL 0x44584f505441494cULL  /* "DXOPTAIL" */
#define DX_CANARY_FREED 0xdeadf4eedeadf4eeULL

enum dx_op_kind {
    DX_OP_NONE = 0,
    DX_OP_ACCEPT,
    DX_OP_CONNECT,
    DX_OP_RECV,
    DX_OP_SEND,
    DX_OP_RECV_FROM,
    DX_OP_SEND_TO,
    DX_OP_READ_FILE
};

#define DX_ACCEPT_ADDR_LEN ((DWORD) (sizeof(SOCKADDR_STORAGE) + 16))

typedef struct dx_op {
    uint64_t head;
    OVERLAPPED ov;
    volatile LONG in_flight;
    int32_t kind;
    DWORD flags;
    INT addr_len;
    SOCKADDR_STORAGE addr;
    WSABUF bufs[DX_MAX_GATHER];
    unsigned char accept_area[2 * (sizeof(SOCKADDR_STORAGE) + 16)];
    uint64_t tail;
} dx_op;

/* Returns the op for a handle after checking its canaries; aborts the process on corruption. */
dx_op *dx_op_checked(int64_t op, const char *where);
/* Marks op in flight for a submit of the given kind and resets its OVERLAPPED; returns 0, or
 * ERROR_INVALID_PARAMETER (and changes nothing) if op is already in flight: the kernel owns its OVERLAPPED and
 * scratch space until the completion is dequeued, so a second submit must not touch them. Call it before writing
 * anything into the block. */
uint32_t dx_op_begin(dx_op *op, int32_t kind);
/* Un-marks op after a submit that did not start; returns err for chaining. */
uint32_t dx_op_abandon(dx_op *op, uint32_t err);

/* Winsock extension functions loaded by dx_initialize. */
extern LPFN_ACCEPTEX dx_fn_accept_ex;
extern LPFN_CONNECTEX dx_fn_connect_ex;

#define DX_SOCKET(h) ((SOCKET) (uintptr_t) (h))
#define DX_HANDLE(h) ((HANDLE) (intptr_t) (h))

#endif /* DX_OP_H */
