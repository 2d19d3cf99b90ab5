/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Completion ports, operation blocks, batch dequeue and NTSTATUS -> Win32/Winsock error conversion.
 */
#include "dx_op.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NTSTATUS values we convert ourselves (ntstatus.h is not always includable next to windows.h). */
#define DX_STATUS_SUCCESS                   0x00000000UL
#define DX_STATUS_BUFFER_OVERFLOW           0x80000005UL
#define DX_STATUS_HANDLES_CLOSED            0x8000000AUL
#define DX_STATUS_END_OF_FILE               0xC0000011UL
#define DX_STATUS_IO_TIMEOUT                0xC00000B5UL
#define DX_STATUS_CANCELLED                 0xC0000120UL
#define DX_STATUS_LOCAL_DISCONNECT          0xC000013BUL
#define DX_STATUS_REMOTE_DISCONNECT         0xC000013CUL
#define DX_STATUS_INVALID_CONNECTION        0xC0000140UL
#define DX_STATUS_INVALID_ADDRESS_COMPONENT 0xC0000207UL
#define DX_STATUS_ADDRESS_ALREADY_EXISTS    0xC000020AUL
#define DX_STATUS_CONNECTION_RESET          0xC000020DUL
#define DX_STATUS_NETWORK_UNREACHABLE       0xC000023CUL
#define DX_STATUS_HOST_UNREACHABLE          0xC000023DUL
#define DX_STATUS_PORT_UNREACHABLE          0xC000023FUL
#define DX_STATUS_CONNECTION_REFUSED        0xC0000236UL
#define DX_STATUS_CONNECTION_ABORTED        0xC0000241UL

/* At most this many OVERLAPPED_ENTRYs per GetQueuedCompletionStatusEx call (on the stack: 32 bytes each). */
#define DX_DEQUEUE_BATCH 256

typedef ULONG (WINAPI *dx_rtl_status_fn)(LONG status);

LPFN_ACCEPTEX dx_fn_accept_ex;
LPFN_CONNECTEX dx_fn_connect_ex;

static dx_rtl_status_fn dx_rtl_nt_status_to_dos_error;
static INIT_ONCE dx_init_once = INIT_ONCE_STATIC_INIT;
static DWORD dx_init_error;

static volatile LONG dx_live_ops;
static volatile LONG dx_in_flight_ops;
static volatile LONG dx_leaked_in_flight;

static void *dx_default_alloc(size_t size) {
    return calloc(1, size);
}

static void dx_default_free(void *p, size_t size) {
    (void) size;
    free(p);
}

static dx_alloc_fn dx_alloc = dx_default_alloc;
static dx_free_fn dx_free = dx_default_free;

void dx_set_allocator(dx_alloc_fn alloc_fn, dx_free_fn free_fn) {
    dx_alloc = alloc_fn != NULL ? alloc_fn : dx_default_alloc;
    dx_free = free_fn != NULL ? free_fn : dx_default_free;
}

void dx_get_stats(dx_stats *out) {
    out->live_ops = InterlockedCompareExchange(&dx_live_ops, 0, 0);
    out->in_flight_ops = InterlockedCompareExchange(&dx_in_flight_ops, 0, 0);
    out->leaked_in_flight = InterlockedCompareExchange(&dx_leaked_in_flight, 0, 0);
}

/* ---- process initialisation ---- */

static DWORD dx_load_extension(SOCKET s, GUID guid, void *fn, DWORD fn_size) {
    DWORD bytes = 0;
    if (WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof(guid), fn, fn_size, &bytes, NULL, NULL) != 0) {
        return (DWORD) WSAGetLastError();
    }
    return 0;
}

static BOOL CALLBACK dx_init_callback(PINIT_ONCE once, PVOID param, PVOID *context) {
    WSADATA wsa;
    SOCKET s;
    GUID accept_guid = WSAID_ACCEPTEX;
    GUID connect_guid = WSAID_CONNECTEX;
    HMODULE ntdll;
    int rc;
    (void) once;
    (void) param;
    (void) context;

    ntdll = GetModuleHandleW(L"ntdll.dll");
    if (ntdll != NULL) {
        dx_rtl_nt_status_to_dos_error = (dx_rtl_status_fn) (void (*)(void)) GetProcAddress(ntdll, "RtlNtStatusToDosError");
    }
    rc = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (rc != 0) {
        dx_init_error = (DWORD) rc;
        return TRUE;
    }
    s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (s == INVALID_SOCKET) {
        dx_init_error = (DWORD) WSAGetLastError();
        return TRUE;
    }
    dx_init_error = dx_load_extension(s, accept_guid, &dx_fn_accept_ex, sizeof(dx_fn_accept_ex));
    if (dx_init_error == 0) {
        dx_init_error = dx_load_extension(s, connect_guid, &dx_fn_connect_ex, sizeof(dx_fn_connect_ex));
    }
    closesocket(s);
    return TRUE;
}

uint32_t dx_initialize(void) {
    if (!InitOnceExecuteOnce(&dx_init_once, dx_init_callback, NULL, NULL)) {
        return (uint32_t) GetLastError();
    }
    return dx_init_error;
}

/* ---- completion ports ---- */

int64_t dx_port_create(uint32_t concurrency) {
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, (DWORD) concurrency);
    if (port == NULL) {
        return -(int64_t) GetLastError();
    }
    return (int64_t) (intptr_t) port;
}

uint32_t dx_port_close(int64_t port) {
    return CloseHandle(DX_HANDLE(port)) ? 0 : (uint32_t) GetLastError();
}

uint32_t dx_associate(int64_t port, int64_t handle, uint64_t key) {
    if (key == 0) {
        return ERROR_INVALID_PARAMETER;
    }
    if (CreateIoCompletionPort(DX_HANDLE(handle), DX_HANDLE(port), (ULONG_PTR) key, 0) == NULL) {
        return (uint32_t) GetLastError();
    }
    return 0;
}

uint32_t dx_post(int64_t port, uint64_t key, uint32_t bytes) {
    return PostQueuedCompletionStatus(DX_HANDLE(port), (DWORD) bytes, (ULONG_PTR) key, NULL)
            ? 0 : (uint32_t) GetLastError();
}

static uint32_t dx_status_to_error(ULONG status, int32_t kind) {
    int socket_op = kind != DX_OP_READ_FILE;
    switch (status) {
    case DX_STATUS_SUCCESS: return 0;
    case DX_STATUS_CANCELLED: return ERROR_OPERATION_ABORTED;
    /* Wine completes I/O pending on a handle being closed with this warning status (ERROR_HANDLES_CLOSED, 676);
     * Windows uses STATUS_CANCELLED. Both mean "aborted because the handle was closed". */
    case DX_STATUS_HANDLES_CLOSED: return ERROR_OPERATION_ABORTED;
    case DX_STATUS_END_OF_FILE: return ERROR_HANDLE_EOF;
    case DX_STATUS_BUFFER_OVERFLOW: return socket_op ? WSAEMSGSIZE : ERROR_MORE_DATA;
    default: break;
    }
    if (socket_op) {
        switch (status) {
        case DX_STATUS_CONNECTION_RESET: return WSAECONNRESET;
        case DX_STATUS_REMOTE_DISCONNECT: return WSAECONNRESET;
        case DX_STATUS_PORT_UNREACHABLE: return WSAECONNRESET;
        case DX_STATUS_CONNECTION_REFUSED: return WSAECONNREFUSED;
        case DX_STATUS_CONNECTION_ABORTED: return WSAECONNABORTED;
        case DX_STATUS_LOCAL_DISCONNECT: return WSAECONNABORTED;
        case DX_STATUS_IO_TIMEOUT: return WSAETIMEDOUT;
        case DX_STATUS_NETWORK_UNREACHABLE: return WSAENETUNREACH;
        case DX_STATUS_HOST_UNREACHABLE: return WSAEHOSTUNREACH;
        case DX_STATUS_INVALID_CONNECTION: return WSAENOTCONN;
        case DX_STATUS_ADDRESS_ALREADY_EXISTS: return WSAEADDRINUSE;
        case DX_STATUS_INVALID_ADDRESS_COMPONENT: return WSAEADDRNOTAVAIL;
        default: break;
        }
    }
    if ((status & 0xC0000000UL) != 0xC0000000UL && (status & 0xC0000000UL) != 0x80000000UL) {
        return 0; /* success or informational */
    }
    if (dx_rtl_nt_status_to_dos_error != NULL) {
        ULONG e = dx_rtl_nt_status_to_dos_error((LONG) status);
        if (e != 0 && e != ERROR_MR_MID_NOT_FOUND) {
            return (uint32_t) e;
        }
    }
    return ERROR_GEN_FAILURE;
}

int32_t dx_dequeue(int64_t port, void *out, int32_t max, int32_t timeout_ms) {
    OVERLAPPED_ENTRY entries[DX_DEQUEUE_BATCH];
    ULONG removed = 0;
    ULONG i;
    unsigned char *dst = (unsigned char *) out;
    if (max <= 0 || out == NULL) {
        return -(int32_t) ERROR_INVALID_PARAMETER;
    }
    if (max > DX_DEQUEUE_BATCH) {
        max = DX_DEQUEUE_BATCH;
    }
    if (!GetQueuedCompletionStatusEx(DX_HANDLE(port), entries, (ULONG) max, &removed,
            timeout_ms < 0 ? INFINITE : (DWORD) timeout_ms, FALSE)) {
        DWORD err = GetLastError();
        return err == WAIT_TIMEOUT ? 0 : -(int32_t) err;
    }
    for (i = 0; i < removed; i++) {
        dx_completion c;
        c.key = (uint64_t) entries[i].lpCompletionKey;
        c.bytes = (uint32_t) entries[i].dwNumberOfBytesTransferred;
        if (entries[i].lpOverlapped == NULL) {
            c.op = 0;
            c.error = 0;
        } else {
            dx_op *op = (dx_op *) ((char *) entries[i].lpOverlapped - offsetof(dx_op, ov));
            (void) dx_op_checked((int64_t) (intptr_t) op, "dequeue");
            c.op = (uint64_t) (uintptr_t) op;
            c.error = dx_status_to_error((ULONG) op->ov.Internal, op->kind);
            InterlockedExchange(&op->in_flight, 0);
            InterlockedDecrement(&dx_in_flight_ops);
        }
        memcpy(dst + (size_t) i * DX_ENTRY_SIZE, &c, DX_ENTRY_SIZE);
    }
    return (int32_t) removed;
}

/* ---- operations ---- */

static void dx_fatal(const char *what, const void *op) {
    fprintf(stderr, "dx_iocp: FATAL: %s (operation %p): guard canary overwritten or not an operation\n", what, op);
    fflush(stderr);
    abort();
}

dx_op *dx_op_checked(int64_t handle, const char *where) {
    dx_op *op = (dx_op *) (intptr_t) handle;
    if (op == NULL || op->head != DX_CANARY_HEAD || op->tail != DX_CANARY_TAIL) {
        dx_fatal(where, op);
    }
    return op;
}

int64_t dx_op_new(void) {
    dx_op *op = (dx_op *) dx_alloc(sizeof(dx_op));
    if (op == NULL) {
        return -(int64_t) ERROR_NOT_ENOUGH_MEMORY;
    }
    memset(op, 0, sizeof(*op));
    op->head = DX_CANARY_HEAD;
    op->tail = DX_CANARY_TAIL;
    InterlockedIncrement(&dx_live_ops);
    return (int64_t) (intptr_t) op;
}

void dx_op_free(int64_t handle) {
    dx_op *op;
    if (handle == 0) {
        return;
    }
    op = dx_op_checked(handle, "free");
    if (InterlockedCompareExchange(&op->in_flight, 0, 0) != 0) {
        /* A caller bug: the kernel may still write into the OVERLAPPED. Leak it rather than free it. */
        InterlockedIncrement(&dx_leaked_in_flight);
        return;
    }
    memset(op, 0, sizeof(*op));
    op->head = DX_CANARY_FREED;
    op->tail = DX_CANARY_FREED;
    InterlockedDecrement(&dx_live_ops);
    dx_free(op, sizeof(dx_op));
}

uint32_t dx_op_begin(dx_op *op, int32_t kind) {
    if (InterlockedCompareExchange(&op->in_flight, 1, 0) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    memset(&op->ov, 0, sizeof(op->ov));
    op->kind = kind;
    op->flags = 0;
    InterlockedIncrement(&dx_in_flight_ops);
    return 0;
}

uint32_t dx_op_abandon(dx_op *op, uint32_t err) {
    InterlockedExchange(&op->in_flight, 0);
    InterlockedDecrement(&dx_in_flight_ops);
    return err;
}

uint32_t dx_cancel(int64_t handle, int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "cancel");
    if (!CancelIoEx(DX_HANDLE(handle), &op->ov)) {
        return (uint32_t) GetLastError();
    }
    return 0;
}

uint32_t dx_op_address(int64_t op_handle, uint8_t out[DX_SOCKADDR_SIZE]) {
    dx_op *op = dx_op_checked(op_handle, "address");
    if (op->kind != DX_OP_RECV_FROM || op->in_flight) {
        return ERROR_INVALID_PARAMETER;
    }
    return dx_addr_encode((const struct sockaddr *) &op->addr, out);
}
