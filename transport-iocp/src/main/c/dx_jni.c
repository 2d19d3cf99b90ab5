/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * JNI layer: the static native methods of dev.dx.transport.iocp.internal.Native, registered with RegisterNatives
 * from JNI_OnLoad (no Java_* exports). Every function is a thin adapter over dx_iocp.h: errors are returned as
 * numbers, never thrown; buffers are direct ByteBuffers read with GetDirectBufferAddress; addresses and small int
 * arrays are copied with Get/Set<Type>ArrayRegion. Nothing here allocates a Java object.
 */
#include <jni.h>
#include <stdlib.h>

#include "dx_iocp.h"

#define DX_NATIVE_CLASS "dev/dx/transport/iocp/internal/Native"

/* Resolves [offset, offset + length) of a direct buffer; returns NULL if it is not direct or out of bounds. */
static char *dx_buffer(JNIEnv *env, jobject buffer, jint offset, jint length) {
    char *base;
    jlong capacity;
    if (buffer == NULL || offset < 0 || length < 0) {
        return NULL;
    }
    base = (char *) (*env)->GetDirectBufferAddress(env, buffer);
    capacity = (*env)->GetDirectBufferCapacity(env, buffer);
    if (base == NULL || (jlong) offset + (jlong) length > capacity) {
        return NULL;
    }
    return base + offset;
}

/* Copies an encoded socket address from a Java byte[]; returns 0 or ERROR_INVALID_PARAMETER. */
static uint32_t dx_get_address(JNIEnv *env, jbyteArray array, uint8_t out[DX_SOCKADDR_SIZE]) {
    if (array == NULL || (*env)->GetArrayLength(env, array) < DX_SOCKADDR_SIZE) {
        return ERROR_INVALID_PARAMETER;
    }
    (*env)->GetByteArrayRegion(env, array, 0, DX_SOCKADDR_SIZE, (jbyte *) out);
    return 0;
}

static uint32_t dx_put_address(JNIEnv *env, jbyteArray array, const uint8_t in[DX_SOCKADDR_SIZE]) {
    if (array == NULL || (*env)->GetArrayLength(env, array) < DX_SOCKADDR_SIZE) {
        return ERROR_INVALID_PARAMETER;
    }
    (*env)->SetByteArrayRegion(env, array, 0, DX_SOCKADDR_SIZE, (const jbyte *) in);
    return 0;
}

/* ---- process, ports, operations ---- */

static jint JNICALL n_initialize(JNIEnv *env, jclass clazz) {
    (void) env; (void) clazz;
    return (jint) dx_initialize();
}

static jlong JNICALL n_createPort(JNIEnv *env, jclass clazz, jint concurrency) {
    (void) env; (void) clazz;
    if (concurrency < 0) {
        return -(jlong) ERROR_INVALID_PARAMETER;
    }
    return (jlong) dx_port_create((uint32_t) concurrency);
}

static jint JNICALL n_closePort(JNIEnv *env, jclass clazz, jlong port) {
    (void) env; (void) clazz;
    return (jint) dx_port_close(port);
}

static jint JNICALL n_associate(JNIEnv *env, jclass clazz, jlong port, jlong handle, jlong key) {
    (void) env; (void) clazz;
    return (jint) dx_associate(port, handle, (uint64_t) key);
}

static jint JNICALL n_dequeue(JNIEnv *env, jclass clazz, jlong port, jobject entries, jint max, jint timeout) {
    char *out;
    (void) clazz;
    if (max < 1 || max > 0x7fffffff / DX_ENTRY_SIZE) {
        return -(jint) ERROR_INVALID_PARAMETER;
    }
    out = dx_buffer(env, entries, 0, max * DX_ENTRY_SIZE);
    if (out == NULL) {
        return -(jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_dequeue(port, out, max, timeout);
}

static jint JNICALL n_post(JNIEnv *env, jclass clazz, jlong port, jlong key, jint bytes) {
    (void) env; (void) clazz;
    return (jint) dx_post(port, (uint64_t) key, (uint32_t) bytes);
}

static jlong JNICALL n_newOperation(JNIEnv *env, jclass clazz) {
    (void) env; (void) clazz;
    return (jlong) dx_op_new();
}

static void JNICALL n_freeOperation(JNIEnv *env, jclass clazz, jlong op) {
    (void) env; (void) clazz;
    dx_op_free(op);
}

static jint JNICALL n_cancel(JNIEnv *env, jclass clazz, jlong handle, jlong op) {
    (void) env; (void) clazz;
    if (op <= 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_cancel(handle, op);
}

/* ---- sockets ---- */

static jlong JNICALL n_socket(JNIEnv *env, jclass clazz, jint family, jint type) {
    (void) env; (void) clazz;
    return (jlong) dx_socket(family, type);
}

static jint JNICALL n_closeSocket(JNIEnv *env, jclass clazz, jlong s) {
    (void) env; (void) clazz;
    return (jint) dx_close_socket(s);
}

static jint JNICALL n_bind(JNIEnv *env, jclass clazz, jlong s, jbyteArray address) {
    uint8_t a[DX_SOCKADDR_SIZE];
    (void) clazz;
    if (dx_get_address(env, address, a) != 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_bind(s, a);
}

static jint JNICALL n_listen(JNIEnv *env, jclass clazz, jlong s, jint backlog) {
    (void) env; (void) clazz;
    return (jint) dx_listen(s, backlog);
}

static jint JNICALL n_localAddress(JNIEnv *env, jclass clazz, jlong s, jbyteArray out) {
    uint8_t a[DX_SOCKADDR_SIZE];
    uint32_t err;
    (void) clazz;
    err = dx_local_address(s, a);
    return (jint) (err != 0 ? err : dx_put_address(env, out, a));
}

static jint JNICALL n_remoteAddress(JNIEnv *env, jclass clazz, jlong s, jbyteArray out) {
    uint8_t a[DX_SOCKADDR_SIZE];
    uint32_t err;
    (void) clazz;
    err = dx_remote_address(s, a);
    return (jint) (err != 0 ? err : dx_put_address(env, out, a));
}

static jint JNICALL n_shutdown(JNIEnv *env, jclass clazz, jlong s, jint how) {
    (void) env; (void) clazz;
    return (jint) dx_shutdown(s, how);
}

static jint JNICALL n_setOption(JNIEnv *env, jclass clazz, jlong s, jint option, jint value) {
    (void) env; (void) clazz;
    return (jint) dx_set_option(s, option, value);
}

static jint JNICALL n_getOption(JNIEnv *env, jclass clazz, jlong s, jint option, jintArray out) {
    int32_t v = 0;
    jint jv;
    uint32_t err;
    (void) clazz;
    if (out == NULL || (*env)->GetArrayLength(env, out) < 1) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    err = dx_get_option(s, option, &v);
    if (err == 0) {
        jv = (jint) v;
        (*env)->SetIntArrayRegion(env, out, 0, 1, &jv);
    }
    return (jint) err;
}

static jint JNICALL n_accept(JNIEnv *env, jclass clazz, jlong listen_socket, jlong accept_socket, jlong op) {
    (void) env; (void) clazz;
    if (op <= 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_accept(listen_socket, accept_socket, op);
}

static jint JNICALL n_updateAcceptContext(JNIEnv *env, jclass clazz, jlong accept_socket, jlong listen_socket) {
    (void) env; (void) clazz;
    return (jint) dx_update_accept_context(accept_socket, listen_socket);
}

static jint JNICALL n_connect(JNIEnv *env, jclass clazz, jlong s, jbyteArray address, jlong op) {
    uint8_t a[DX_SOCKADDR_SIZE];
    (void) clazz;
    if (op <= 0 || dx_get_address(env, address, a) != 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_connect(s, a, op);
}

static jint JNICALL n_connectDatagram(JNIEnv *env, jclass clazz, jlong s, jbyteArray address) {
    uint8_t a[DX_SOCKADDR_SIZE];
    (void) clazz;
    if (address == NULL) {
        return (jint) dx_connect_datagram(s, NULL);
    }
    if (dx_get_address(env, address, a) != 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_connect_datagram(s, a);
}

static jint JNICALL n_updateConnectContext(JNIEnv *env, jclass clazz, jlong s) {
    (void) env; (void) clazz;
    return (jint) dx_update_connect_context(s);
}

static jint JNICALL n_recv(JNIEnv *env, jclass clazz, jlong s, jobject buffer, jint offset, jint length, jlong op) {
    char *p = dx_buffer(env, buffer, offset, length);
    (void) clazz;
    if (p == NULL || op <= 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_recv(s, p, (uint32_t) length, op);
}

static jint JNICALL n_tryRecv(JNIEnv *env, jclass clazz, jlong s, jobject buffer, jint offset, jint length) {
    char *p = dx_buffer(env, buffer, offset, length);
    (void) clazz;
    if (p == NULL) {
        return -(jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_try_recv(s, p, (uint32_t) length);
}

static jint JNICALL n_send(JNIEnv *env, jclass clazz, jlong s, jobjectArray buffers, jintArray offsets,
        jintArray lengths, jint count, jlong op) {
    dx_buf bufs[DX_MAX_GATHER];
    jint offs[DX_MAX_GATHER];
    jint lens[DX_MAX_GATHER];
    jint i;
    (void) clazz;
    if (op <= 0 || count < 1 || count > DX_MAX_GATHER || buffers == NULL || offsets == NULL || lengths == NULL
            || (*env)->GetArrayLength(env, buffers) < count || (*env)->GetArrayLength(env, offsets) < count
            || (*env)->GetArrayLength(env, lengths) < count) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    (*env)->GetIntArrayRegion(env, offsets, 0, count, offs);
    (*env)->GetIntArrayRegion(env, lengths, 0, count, lens);
    for (i = 0; i < count; i++) {
        jobject b = (*env)->GetObjectArrayElement(env, buffers, i);
        char *p = dx_buffer(env, b, offs[i], lens[i]);
        (*env)->DeleteLocalRef(env, b);
        if (p == NULL) {
            return (jint) ERROR_INVALID_PARAMETER;
        }
        bufs[i].base = p;
        bufs[i].len = (uint32_t) lens[i];
    }
    return (jint) dx_send(s, bufs, count, op);
}

static jint JNICALL n_recvFrom(JNIEnv *env, jclass clazz, jlong s, jobject buffer, jint offset, jint length,
        jlong op) {
    char *p = dx_buffer(env, buffer, offset, length);
    (void) clazz;
    if (p == NULL || op <= 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_recv_from(s, p, (uint32_t) length, op);
}

static jint JNICALL n_sendTo(JNIEnv *env, jclass clazz, jlong s, jobject buffer, jint offset, jint length,
        jbyteArray address, jlong op) {
    uint8_t a[DX_SOCKADDR_SIZE];
    char *p = dx_buffer(env, buffer, offset, length);
    (void) clazz;
    if (p == NULL || op <= 0 || dx_get_address(env, address, a) != 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_send_to(s, p, (uint32_t) length, a, op);
}

static jint JNICALL n_operationAddress(JNIEnv *env, jclass clazz, jlong op, jbyteArray out) {
    uint8_t a[DX_SOCKADDR_SIZE];
    uint32_t err;
    (void) clazz;
    if (op <= 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    err = dx_op_address(op, a);
    return (jint) (err != 0 ? err : dx_put_address(env, out, a));
}

/* ---- files ---- */

static jlong JNICALL n_openFile(JNIEnv *env, jclass clazz, jstring path) {
    jsize len;
    wchar_t *w;
    int64_t h;
    (void) clazz;
    if (path == NULL) {
        return -(jlong) ERROR_INVALID_PARAMETER;
    }
    len = (*env)->GetStringLength(env, path);
    w = (wchar_t *) malloc(((size_t) len + 1) * sizeof(wchar_t));
    if (w == NULL) {
        return -(jlong) ERROR_NOT_ENOUGH_MEMORY;
    }
    /* jchar and wchar_t are both UTF-16 code units on Windows */
    (*env)->GetStringRegion(env, path, 0, len, (jchar *) w);
    w[len] = 0;
    h = dx_open_file(w);
    free(w);
    return (jlong) h;
}

static jlong JNICALL n_fileSize(JNIEnv *env, jclass clazz, jlong file) {
    (void) env; (void) clazz;
    return (jlong) dx_file_size(file);
}

static jint JNICALL n_readFile(JNIEnv *env, jclass clazz, jlong file, jlong position, jobject buffer, jint offset,
        jint length, jlong op) {
    char *p = dx_buffer(env, buffer, offset, length);
    (void) clazz;
    if (p == NULL || op <= 0) {
        return (jint) ERROR_INVALID_PARAMETER;
    }
    return (jint) dx_read_file(file, position, p, (uint32_t) length, op);
}

static jint JNICALL n_closeFile(JNIEnv *env, jclass clazz, jlong file) {
    (void) env; (void) clazz;
    return (jint) dx_close_file(file);
}

/* ---- registration ---- */

#define DX_BB "Ljava/nio/ByteBuffer;"

static const JNINativeMethod dx_methods[] = {
    { "initialize", "()I", (void *) n_initialize },
    { "createPort", "(I)J", (void *) n_createPort },
    { "closePort", "(J)I", (void *) n_closePort },
    { "associate", "(JJJ)I", (void *) n_associate },
    { "dequeue", "(J" DX_BB "II)I", (void *) n_dequeue },
    { "post", "(JJI)I", (void *) n_post },
    { "newOperation", "()J", (void *) n_newOperation },
    { "freeOperation", "(J)V", (void *) n_freeOperation },
    { "cancel", "(JJ)I", (void *) n_cancel },
    { "socket", "(II)J", (void *) n_socket },
    { "closeSocket", "(J)I", (void *) n_closeSocket },
    { "bind", "(J[B)I", (void *) n_bind },
    { "listen", "(JI)I", (void *) n_listen },
    { "localAddress", "(J[B)I", (void *) n_localAddress },
    { "remoteAddress", "(J[B)I", (void *) n_remoteAddress },
    { "shutdown", "(JI)I", (void *) n_shutdown },
    { "setOption", "(JII)I", (void *) n_setOption },
    { "getOption", "(JI[I)I", (void *) n_getOption },
    { "accept", "(JJJ)I", (void *) n_accept },
    { "updateAcceptContext", "(JJ)I", (void *) n_updateAcceptContext },
    { "connect", "(J[BJ)I", (void *) n_connect },
    { "connectDatagram", "(J[B)I", (void *) n_connectDatagram },
    { "updateConnectContext", "(J)I", (void *) n_updateConnectContext },
    { "recv", "(J" DX_BB "IIJ)I", (void *) n_recv },
    { "tryRecv", "(J" DX_BB "II)I", (void *) n_tryRecv },
    { "send", "(J[" DX_BB "[I[IIJ)I", (void *) n_send },
    { "recvFrom", "(J" DX_BB "IIJ)I", (void *) n_recvFrom },
    { "sendTo", "(J" DX_BB "II[BJ)I", (void *) n_sendTo },
    { "operationAddress", "(J[B)I", (void *) n_operationAddress },
    { "openFile", "(Ljava/lang/String;)J", (void *) n_openFile },
    { "fileSize", "(J)J", (void *) n_fileSize },
    { "readFile", "(JJ" DX_BB "IIJ)I", (void *) n_readFile },
    { "closeFile", "(J)I", (void *) n_closeFile }
};

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    JNIEnv *env = NULL;
    jclass clazz;
    jint rc;
    (void) reserved;
    if ((*vm)->GetEnv(vm, (void **) &env, JNI_VERSION_1_6) != JNI_OK) {
        return JNI_ERR;
    }
    clazz = (*env)->FindClass(env, DX_NATIVE_CLASS);
    if (clazz == NULL) {
        /* NoClassDefFoundError is pending; the JVM reports it from System.load */
        return JNI_ERR;
    }
    rc = (*env)->RegisterNatives(env, clazz, dx_methods, (jint) (sizeof(dx_methods) / sizeof(dx_methods[0])));
    (*env)->DeleteLocalRef(env, clazz);
    if (rc != JNI_OK) {
        return JNI_ERR;
    }
    return JNI_VERSION_1_6;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void) vm; (void) reserved;
}
