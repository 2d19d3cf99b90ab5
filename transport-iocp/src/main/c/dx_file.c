/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Files opened for overlapped reads.
 */
#include "dx_op.h"

int64_t dx_open_file(const wchar_t *path) {
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
            FILE_FLAG_OVERLAPPED, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        return -(int64_t) GetLastError();
    }
    return (int64_t) (intptr_t) h;
}

int64_t dx_file_size(int64_t file) {
    LARGE_INTEGER size;
    if (!GetFileSizeEx(DX_HANDLE(file), &size)) {
        return -(int64_t) GetLastError();
    }
    return (int64_t) size.QuadPart;
}

uint32_t dx_read_file(int64_t file, int64_t position, void *buf, uint32_t len, int64_t op_handle) {
    dx_op *op = dx_op_checked(op_handle, "readFile");
    if (position < 0) {
        return ERROR_INVALID_PARAMETER;
    }
    if (dx_op_begin(op, DX_OP_READ_FILE) != 0) {
        return ERROR_INVALID_PARAMETER;
    }
    op->ov.Offset = (DWORD) ((uint64_t) position & 0xffffffffU);
    op->ov.OffsetHigh = (DWORD) ((uint64_t) position >> 32);
    if (!ReadFile(DX_HANDLE(file), buf, (DWORD) len, NULL, &op->ov)) {
        DWORD err = GetLastError();
        if (err != ERROR_IO_PENDING) {
            return dx_op_abandon(op, (uint32_t) err);
        }
    }
    return 0;
}

uint32_t dx_close_file(int64_t file) {
    return CloseHandle(DX_HANDLE(file)) ? 0 : (uint32_t) GetLastError();
}
