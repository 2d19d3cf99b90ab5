/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * The JNI boundary test, run under Wine (or on Windows): loads the DLL given as argv[1], calls its JNI_OnLoad with a
 * minimal fake JavaVM/JNIEnv, and checks that it registers exactly the native methods of the Java class Native
 * (the list in jni_expected.h is generated from the compiled class by JniSignatureList at build time). It then
 * calls every registered function through the fake JNIEnv, over real loopback sockets, a file and a completion port
 * (AcceptEx, ConnectEx, gathering WSASend, WSARecv, WSARecvFrom, WSASendTo, ReadFile, ...), to check the argument
 * plumbing (direct buffers, byte, int and object arrays, strings, error returns); the last test fails if any
 * registered native was never called. Every JNI function the library calls that the fake does not implement fails
 * the test.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <jni.h>
#include <stdint.h>

#include "dx_test.h"
#include "jni_expected.h"

typedef jint (JNICALL *on_load_fn)(JavaVM *vm, void *reserved);

/* ---- fake objects ---- */

typedef struct fake_class { int tag; } fake_class;
typedef struct fake_buffer { int tag; void *address; jlong capacity; } fake_buffer;
typedef struct fake_array { int tag; jsize length; void *data; } fake_array;
typedef struct fake_string { int tag; jsize length; const jchar *chars; } fake_string;

static fake_class native_class = { 1 };
static int find_class_calls;
static int find_class_fails;
static int register_calls;
static jint register_result = JNI_OK;
static char found_class_name[256];
static JNINativeMethod registered[256];
static int registered_n;
static int unexpected_calls;

static void JNICALL trap(void) {
    unexpected_calls++;
    printf("    FAIL: the library called a JNI function the harness does not provide\n");
    fflush(stdout);
    ExitProcess(3);
}

static jclass JNICALL fake_FindClass(JNIEnv *env, const char *name) {
    (void) env;
    find_class_calls++;
    strncpy(found_class_name, name, sizeof(found_class_name) - 1);
    return find_class_fails ? NULL : (jclass) &native_class;
}

static jint JNICALL fake_RegisterNatives(JNIEnv *env, jclass clazz, const JNINativeMethod *methods, jint n) {
    jint i;
    (void) env;
    register_calls++;
    if (clazz != (jclass) &native_class) {
        printf("    RegisterNatives on an unknown class\n");
        return JNI_ERR;
    }
    for (i = 0; i < n && registered_n < (int) (sizeof(registered) / sizeof(registered[0])); i++) {
        registered[registered_n++] = methods[i];
    }
    return register_result;
}

static void JNICALL fake_DeleteLocalRef(JNIEnv *env, jobject obj) {
    (void) env; (void) obj;
}

static void *JNICALL fake_GetDirectBufferAddress(JNIEnv *env, jobject buf) {
    (void) env;
    return ((fake_buffer *) buf)->address;
}

static jlong JNICALL fake_GetDirectBufferCapacity(JNIEnv *env, jobject buf) {
    (void) env;
    return ((fake_buffer *) buf)->capacity;
}

static jsize JNICALL fake_GetArrayLength(JNIEnv *env, jarray array) {
    (void) env;
    return ((fake_array *) array)->length;
}

static void JNICALL fake_GetByteArrayRegion(JNIEnv *env, jbyteArray array, jsize start, jsize len, jbyte *buf) {
    (void) env;
    memcpy(buf, (jbyte *) ((fake_array *) array)->data + start, (size_t) len);
}

static void JNICALL fake_SetByteArrayRegion(JNIEnv *env, jbyteArray array, jsize start, jsize len,
        const jbyte *buf) {
    (void) env;
    memcpy((jbyte *) ((fake_array *) array)->data + start, buf, (size_t) len);
}

static void JNICALL fake_GetIntArrayRegion(JNIEnv *env, jintArray array, jsize start, jsize len, jint *buf) {
    (void) env;
    memcpy(buf, (jint *) ((fake_array *) array)->data + start, (size_t) len * sizeof(jint));
}

static void JNICALL fake_SetIntArrayRegion(JNIEnv *env, jintArray array, jsize start, jsize len, const jint *buf) {
    (void) env;
    memcpy((jint *) ((fake_array *) array)->data + start, buf, (size_t) len * sizeof(jint));
}

static jobject JNICALL fake_GetObjectArrayElement(JNIEnv *env, jobjectArray array, jsize index) {
    (void) env;
    return ((jobject *) ((fake_array *) array)->data)[index];
}

static jsize JNICALL fake_GetStringLength(JNIEnv *env, jstring str) {
    (void) env;
    return ((fake_string *) str)->length;
}

static void JNICALL fake_GetStringRegion(JNIEnv *env, jstring str, jsize start, jsize len, jchar *buf) {
    (void) env;
    memcpy(buf, ((fake_string *) str)->chars + start, (size_t) len * sizeof(jchar));
}

static struct JNINativeInterface_ env_table;
static JNIEnv env_ptr = &env_table;
static jint get_env_version;

static jint JNICALL fake_GetEnv(JavaVM *vm, void **penv, jint version) {
    (void) vm;
    get_env_version = version;
    *penv = &env_ptr;
    return JNI_OK;
}

static struct JNIInvokeInterface_ vm_table;
static JavaVM vm_ptr = &vm_table;

static void setup_fakes(void) {
    void **slots = (void **) &env_table;
    size_t i;
    for (i = 0; i < sizeof(env_table) / sizeof(void *); i++) {
        slots[i] = (void *) trap;
    }
    env_table.reserved0 = env_table.reserved1 = env_table.reserved2 = env_table.reserved3 = NULL;
    env_table.FindClass = fake_FindClass;
    env_table.RegisterNatives = fake_RegisterNatives;
    env_table.DeleteLocalRef = fake_DeleteLocalRef;
    env_table.GetDirectBufferAddress = fake_GetDirectBufferAddress;
    env_table.GetDirectBufferCapacity = fake_GetDirectBufferCapacity;
    env_table.GetArrayLength = fake_GetArrayLength;
    env_table.GetByteArrayRegion = fake_GetByteArrayRegion;
    env_table.SetByteArrayRegion = fake_SetByteArrayRegion;
    env_table.GetIntArrayRegion = fake_GetIntArrayRegion;
    env_table.SetIntArrayRegion = fake_SetIntArrayRegion;
    env_table.GetObjectArrayElement = fake_GetObjectArrayElement;
    env_table.GetStringLength = fake_GetStringLength;
    env_table.GetStringRegion = fake_GetStringRegion;
    slots = (void **) &vm_table;
    for (i = 0; i < sizeof(vm_table) / sizeof(void *); i++) {
        slots[i] = (void *) trap;
    }
    vm_table.reserved0 = vm_table.reserved1 = vm_table.reserved2 = NULL;
    vm_table.GetEnv = fake_GetEnv;
}

static void reset_calls(void) {
    find_class_calls = 0;
    find_class_fails = 0;
    register_calls = 0;
    register_result = JNI_OK;
    registered_n = 0;
    found_class_name[0] = 0;
}

static on_load_fn on_load;
static const char *dll_path;
/* called[i]: registered_fn handed out dx_expected_natives[i] (every caller calls what it gets at once) */
static int called[DX_EXPECTED_COUNT];

static void JNICALL missing_native(void) {
    printf("    FAIL: a native the test calls was not registered\n");
    fflush(stdout);
    ExitProcess(3);
}

static void *registered_fn(const char *name) {
    int i;
    for (i = 0; i < DX_EXPECTED_COUNT; i++) {
        if (strcmp(dx_expected_natives[i][0], name) == 0) {
            called[i] = 1;
        }
    }
    for (i = 0; i < registered_n; i++) {
        if (strcmp(registered[i].name, name) == 0) {
            return registered[i].fnPtr;
        }
    }
    return (void *) missing_native;
}

/* ---- tests ---- */

static void test_registers_exactly_the_native_methods_of_Native(void) {
    int i;
    int j;
    jint version;
    reset_calls();
    version = on_load(&vm_ptr, NULL);
    CHECK_EQ(JNI_VERSION_1_6, version);
    CHECK(get_env_version >= JNI_VERSION_1_6);
    CHECK_EQ(1, find_class_calls);
    CHECK(strcmp(found_class_name, DX_EXPECTED_CLASS) == 0);
    CHECK(register_calls >= 1);
    for (i = 0; i < DX_EXPECTED_COUNT; i++) {
        int hits = 0;
        for (j = 0; j < registered_n; j++) {
            if (strcmp(registered[j].name, dx_expected_natives[i][0]) == 0
                    && strcmp(registered[j].signature, dx_expected_natives[i][1]) == 0) {
                hits++;
                CHECK(registered[j].fnPtr != NULL);
            }
        }
        if (hits != 1) {
            DX_FAIL("%s%s registered %d times (expected once)", dx_expected_natives[i][0],
                    dx_expected_natives[i][1], hits);
        }
    }
    for (j = 0; j < registered_n; j++) {
        int known = 0;
        for (i = 0; i < DX_EXPECTED_COUNT; i++) {
            if (strcmp(registered[j].name, dx_expected_natives[i][0]) == 0
                    && strcmp(registered[j].signature, dx_expected_natives[i][1]) == 0) {
                known = 1;
            }
        }
        if (!known) {
            DX_FAIL("registered %s%s, which Native does not declare", registered[j].name, registered[j].signature);
        }
    }
    CHECK_EQ(DX_EXPECTED_COUNT, registered_n);
    printf("    %d native methods registered, all with the expected signatures\n", registered_n);
}

static void test_fails_when_the_class_is_missing(void) {
    reset_calls();
    find_class_fails = 1;
    CHECK_EQ(JNI_ERR, on_load(&vm_ptr, NULL));
    CHECK_EQ(0, register_calls);
}

static void test_fails_when_registration_fails(void) {
    reset_calls();
    register_result = JNI_ERR;
    CHECK_EQ(JNI_ERR, on_load(&vm_ptr, NULL));
    CHECK_EQ(1, register_calls);
}

typedef jint (JNICALL *fn_i_v)(JNIEnv *, jclass);
typedef jlong (JNICALL *fn_j_i)(JNIEnv *, jclass, jint);
typedef jlong (JNICALL *fn_j_ii)(JNIEnv *, jclass, jint, jint);
typedef jlong (JNICALL *fn_j_v)(JNIEnv *, jclass);
typedef void (JNICALL *fn_v_j)(JNIEnv *, jclass, jlong);
typedef jint (JNICALL *fn_i_j)(JNIEnv *, jclass, jlong);
typedef jint (JNICALL *fn_i_jji)(JNIEnv *, jclass, jlong, jlong, jint);
typedef jint (JNICALL *fn_i_jbufii)(JNIEnv *, jclass, jlong, jobject, jint, jint);
typedef jint (JNICALL *fn_i_jarr)(JNIEnv *, jclass, jlong, jbyteArray);

static void test_registered_functions_work_through_jni(void) {
    JNIEnv *env = &env_ptr;
    jclass cls = (jclass) &native_class;
    unsigned char records[48];
    unsigned char tiny[10];
    fake_buffer entries = { 2, records, sizeof(records) };
    fake_buffer small = { 2, tiny, sizeof(tiny) };
    jbyte addr[24];
    fake_array addr_array = { 3, 24, addr };
    jlong port;
    jlong op;
    jlong s;
    uint64_t key;
    uint64_t opv;
    uint32_t bytes;
    uint32_t error;
    reset_calls();
    CHECK_EQ(JNI_VERSION_1_6, on_load(&vm_ptr, NULL));
    CHECK_EQ(0, ((fn_i_v) registered_fn("initialize"))(env, cls));
    port = ((fn_j_i) registered_fn("createPort"))(env, cls, 0);
    CHECK(port > 0);
    CHECK_EQ(0, ((fn_i_jji) registered_fn("post"))(env, cls, port, 9, 77));
    memset(records, 0xff, sizeof(records));
    CHECK_EQ(1, ((fn_i_jbufii) registered_fn("dequeue"))(env, cls, port, (jobject) &entries, 2, 1000));
    memcpy(&key, records, 8);
    memcpy(&opv, records + 8, 8);
    memcpy(&bytes, records + 16, 4);
    memcpy(&error, records + 20, 4);
    CHECK_EQ(9, key);
    CHECK_EQ(0, opv);
    CHECK_EQ(77, bytes);
    CHECK_EQ(0, error);
    /* a buffer too small for maxEntries records is refused, not overrun */
    CHECK_EQ(-(jint) ERROR_INVALID_PARAMETER,
            ((fn_i_jbufii) registered_fn("dequeue"))(env, cls, port, (jobject) &small, 1, 0));
    CHECK_EQ(0, ((fn_i_jbufii) registered_fn("dequeue"))(env, cls, port, (jobject) &entries, 2, 0));
    op = ((fn_j_v) registered_fn("newOperation"))(env, cls);
    CHECK(op > 0);
    ((fn_v_j) registered_fn("freeOperation"))(env, cls, op);
    s = ((fn_j_ii) registered_fn("socket"))(env, cls, 4, 1);
    CHECK(s > 0);
    memset(addr, 0, sizeof(addr));
    addr[0] = 127; addr[3] = 1; addr[16] = 4;
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("bind"))(env, cls, s, (jbyteArray) &addr_array));
    memset(addr, 0, sizeof(addr));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("localAddress"))(env, cls, s, (jbyteArray) &addr_array));
    CHECK_EQ(127, addr[0]);
    CHECK_EQ(1, addr[3]);
    CHECK_EQ(4, addr[16]);
    CHECK(addr[17] != 0 || addr[18] != 0);
    CHECK_EQ(0, ((fn_i_j) registered_fn("closeSocket"))(env, cls, s));
    CHECK_EQ(0, ((fn_i_j) registered_fn("closePort"))(env, cls, port));
}

/* ---- every native through JNI, over real sockets, a file and a port ---- */

typedef jint (JNICALL *fn_i_jj)(JNIEnv *, jclass, jlong, jlong);
typedef jint (JNICALL *fn_i_jjj)(JNIEnv *, jclass, jlong, jlong, jlong);
typedef jint (JNICALL *fn_i_ji)(JNIEnv *, jclass, jlong, jint);
typedef jint (JNICALL *fn_i_jii)(JNIEnv *, jclass, jlong, jint, jint);
typedef jint (JNICALL *fn_i_jiarr)(JNIEnv *, jclass, jlong, jint, jintArray);
typedef jint (JNICALL *fn_i_jarrj)(JNIEnv *, jclass, jlong, jbyteArray, jlong);
typedef jint (JNICALL *fn_i_jbufiij)(JNIEnv *, jclass, jlong, jobject, jint, jint, jlong);
typedef jint (JNICALL *fn_i_send)(JNIEnv *, jclass, jlong, jobjectArray, jintArray, jintArray, jint, jlong);
typedef jint (JNICALL *fn_i_send_to)(JNIEnv *, jclass, jlong, jobject, jint, jint, jbyteArray, jlong);
typedef jlong (JNICALL *fn_j_str)(JNIEnv *, jclass, jstring);
typedef jlong (JNICALL *fn_j_j)(JNIEnv *, jclass, jlong);
typedef jint (JNICALL *fn_i_read_file)(JNIEnv *, jclass, jlong, jlong, jobject, jint, jint, jlong);

#define J_ENV (&env_ptr)
#define J_CLS ((jclass) &native_class)
#define J_WSAEWOULDBLOCK 10035
#define J_ERROR_OPERATION_ABORTED 995

typedef struct j_record { uint64_t key; uint64_t op; uint32_t bytes; uint32_t error; } j_record;
static j_record j_backlog[64];
static int j_backlog_n;

/* Waits (bounded, 5 s) for the completion of op, dequeued through the JNI dequeue; keeps others for later. */
static int j_take(jlong port, jlong op, j_record *out) {
    unsigned char raw[8 * 24];
    fake_buffer entries = { 2, raw, sizeof(raw) };
    DWORD deadline = GetTickCount() + 5000;
    int i;
    for (i = 0; i < j_backlog_n; i++) {
        if (j_backlog[i].op == (uint64_t) op) {
            *out = j_backlog[i];
            j_backlog[i] = j_backlog[--j_backlog_n];
            return 1;
        }
    }
    for (;;) {
        int found = 0;
        jint n;
        LONG left = (LONG) (deadline - GetTickCount());
        if (left <= 0) {
            printf("    no completion within 5 s\n");
            return 0;
        }
        n = ((fn_i_jbufii) registered_fn("dequeue"))(J_ENV, J_CLS, port, (jobject) &entries, 8, (jint) left);
        if (n < 0) {
            printf("    dequeue failed: %ld\n", (long) -n);
            return 0;
        }
        for (i = 0; i < n; i++) {
            j_record r;
            memcpy(&r.key, raw + i * 24, 8);
            memcpy(&r.op, raw + i * 24 + 8, 8);
            memcpy(&r.bytes, raw + i * 24 + 16, 4);
            memcpy(&r.error, raw + i * 24 + 20, 4);
            if (!found && r.op == (uint64_t) op) {
                *out = r;
                found = 1;
            } else if (j_backlog_n < (int) (sizeof(j_backlog) / sizeof(j_backlog[0]))) {
                j_backlog[j_backlog_n++] = r;
            }
        }
        if (found) {
            return 1;
        }
    }
}

static void j_loopback(jbyte a[24], int port) {
    memset(a, 0, 24);
    a[0] = 127; a[3] = 1; a[16] = 4;
    a[17] = (jbyte) (port >> 8);
    a[18] = (jbyte) port;
}

static int j_port_of(const jbyte a[24]) {
    return ((a[17] & 0xff) << 8) | (a[18] & 0xff);
}

static void test_every_native_works_through_jni(void) {
    jbyte addr[24];
    fake_array addr_array = { 3, 24, addr };
    jint opt[1];
    fake_array opt_array = { 4, 1, opt };
    char in_data[64];
    fake_buffer in_buf = { 2, in_data, sizeof(in_data) };
    char part1[] = "he", part2[] = "ll", part3[] = "o!";
    fake_buffer b1 = { 2, part1, 2 }, b2 = { 2, part2, 2 }, b3 = { 2, part3, 2 };
    jobject gather[3];
    jint offsets[3] = { 0, 0, 0 };
    jint lengths[3] = { 2, 2, 2 };
    fake_array gather_array = { 5, 3, gather };
    fake_array offsets_array = { 6, 3, offsets };
    fake_array lengths_array = { 6, 3, lengths };
    char dgram[] = "datagram";
    fake_buffer dgram_buf = { 2, dgram, 8 };
    jchar path16[MAX_PATH];
    fake_string path = { 7, 0, path16 };
    j_record r;
    jlong port, listener, accepted, client, u1, u2, file;
    jlong op_accept, op_connect, op_send, op_recv, op_udp_recv, op_udp_send, op_file;
    int listen_port, client_port, u1_port, u2_port, got, i;

    gather[0] = (jobject) &b1; gather[1] = (jobject) &b2; gather[2] = (jobject) &b3;
    reset_calls();
    CHECK_EQ(JNI_VERSION_1_6, on_load(&vm_ptr, NULL));
    CHECK_EQ(0, ((fn_i_v) registered_fn("initialize"))(J_ENV, J_CLS));
    port = ((fn_j_i) registered_fn("createPort"))(J_ENV, J_CLS, 0);
    CHECK(port > 0);
    op_accept = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    op_connect = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    op_send = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    op_recv = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    op_udp_recv = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    op_udp_send = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    op_file = ((fn_j_v) registered_fn("newOperation"))(J_ENV, J_CLS);
    CHECK(op_accept > 0 && op_connect > 0 && op_send > 0 && op_recv > 0);
    CHECK(op_udp_recv > 0 && op_udp_send > 0 && op_file > 0);

    /* AcceptEx + ConnectEx, then the context updates */
    listener = ((fn_j_ii) registered_fn("socket"))(J_ENV, J_CLS, 4, 1);
    accepted = ((fn_j_ii) registered_fn("socket"))(J_ENV, J_CLS, 4, 1);
    client = ((fn_j_ii) registered_fn("socket"))(J_ENV, J_CLS, 4, 1);
    CHECK(listener > 0 && accepted > 0 && client > 0);
    j_loopback(addr, 0);
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("bind"))(J_ENV, J_CLS, listener, (jbyteArray) &addr_array));
    CHECK_EQ(0, ((fn_i_ji) registered_fn("listen"))(J_ENV, J_CLS, listener, 8));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("localAddress"))(J_ENV, J_CLS, listener, (jbyteArray) &addr_array));
    listen_port = j_port_of(addr);
    CHECK(listen_port != 0);
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("associate"))(J_ENV, J_CLS, port, listener, 1));
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("accept"))(J_ENV, J_CLS, listener, accepted, op_accept));
    j_loopback(addr, 0);
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("bind"))(J_ENV, J_CLS, client, (jbyteArray) &addr_array));
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("associate"))(J_ENV, J_CLS, port, client, 2));
    j_loopback(addr, listen_port);
    CHECK_EQ(0, ((fn_i_jarrj) registered_fn("connect"))(J_ENV, J_CLS, client, (jbyteArray) &addr_array,
            op_connect));
    CHECK(j_take(port, op_connect, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(2, r.key);
    CHECK(j_take(port, op_accept, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(1, r.key);
    CHECK_EQ(0, ((fn_i_jj) registered_fn("updateAcceptContext"))(J_ENV, J_CLS, accepted, listener));
    CHECK_EQ(0, ((fn_i_j) registered_fn("updateConnectContext"))(J_ENV, J_CLS, client));
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("associate"))(J_ENV, J_CLS, port, accepted, 3));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("localAddress"))(J_ENV, J_CLS, client, (jbyteArray) &addr_array));
    client_port = j_port_of(addr);
    memset(addr, 0, sizeof(addr));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("remoteAddress"))(J_ENV, J_CLS, accepted, (jbyteArray) &addr_array));
    CHECK_EQ(client_port, j_port_of(addr));
    CHECK_EQ(127, addr[0]);

    /* options through an int[] */
    CHECK_EQ(0, ((fn_i_jii) registered_fn("setOption"))(J_ENV, J_CLS, client, 1 /* TCP_NODELAY */, 1));
    opt[0] = -7;
    CHECK_EQ(0, ((fn_i_jiarr) registered_fn("getOption"))(J_ENV, J_CLS, client, 1, (jintArray) &opt_array));
    CHECK_EQ(1, opt[0] != 0);

    /* nothing to read yet: the non-blocking recv says so */
    CHECK_EQ(-J_WSAEWOULDBLOCK, ((fn_i_jbufii) registered_fn("tryRecv"))(J_ENV, J_CLS, accepted,
            (jobject) &in_buf, 0, (jint) sizeof(in_data)));

    /* a gathering WSASend of three buffers, received with WSARecv */
    CHECK_EQ(0, ((fn_i_send) registered_fn("send"))(J_ENV, J_CLS, client, (jobjectArray) &gather_array,
            (jintArray) &offsets_array, (jintArray) &lengths_array, 3, op_send));
    CHECK(j_take(port, op_send, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(6, r.bytes);
    memset(in_data, 0, sizeof(in_data));
    for (got = 0; got < 6;) {
        CHECK_EQ(0, ((fn_i_jbufiij) registered_fn("recv"))(J_ENV, J_CLS, accepted, (jobject) &in_buf, got,
                (jint) sizeof(in_data) - got, op_recv));
        CHECK(j_take(port, op_recv, &r));
        CHECK_EQ(0, r.error);
        CHECK(r.bytes > 0);
        got += (int) r.bytes;
    }
    CHECK(memcmp(in_data, "hello!", 6) == 0);

    /* CancelIoEx of a pending receive */
    CHECK_EQ(0, ((fn_i_jbufiij) registered_fn("recv"))(J_ENV, J_CLS, accepted, (jobject) &in_buf, 0,
            (jint) sizeof(in_data), op_recv));
    CHECK_EQ(0, ((fn_i_jj) registered_fn("cancel"))(J_ENV, J_CLS, accepted, op_recv));
    CHECK(j_take(port, op_recv, &r));
    CHECK_EQ(J_ERROR_OPERATION_ABORTED, r.error);

    /* shutdown(SD_SEND): the other side receives 0 bytes */
    CHECK_EQ(0, ((fn_i_ji) registered_fn("shutdown"))(J_ENV, J_CLS, client, 1));
    CHECK_EQ(0, ((fn_i_jbufiij) registered_fn("recv"))(J_ENV, J_CLS, accepted, (jobject) &in_buf, 0,
            (jint) sizeof(in_data), op_recv));
    CHECK(j_take(port, op_recv, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(0, r.bytes);

    /* UDP: WSASendTo, WSARecvFrom and its source address; connect and dissolve a datagram association */
    u1 = ((fn_j_ii) registered_fn("socket"))(J_ENV, J_CLS, 4, 2);
    u2 = ((fn_j_ii) registered_fn("socket"))(J_ENV, J_CLS, 4, 2);
    CHECK(u1 > 0 && u2 > 0);
    j_loopback(addr, 0);
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("bind"))(J_ENV, J_CLS, u1, (jbyteArray) &addr_array));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("bind"))(J_ENV, J_CLS, u2, (jbyteArray) &addr_array));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("localAddress"))(J_ENV, J_CLS, u1, (jbyteArray) &addr_array));
    u1_port = j_port_of(addr);
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("localAddress"))(J_ENV, J_CLS, u2, (jbyteArray) &addr_array));
    u2_port = j_port_of(addr);
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("associate"))(J_ENV, J_CLS, port, u1, 4));
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("associate"))(J_ENV, J_CLS, port, u2, 5));
    memset(in_data, 0, sizeof(in_data));
    CHECK_EQ(0, ((fn_i_jbufiij) registered_fn("recvFrom"))(J_ENV, J_CLS, u2, (jobject) &in_buf, 0,
            (jint) sizeof(in_data), op_udp_recv));
    j_loopback(addr, u2_port);
    CHECK_EQ(0, ((fn_i_send_to) registered_fn("sendTo"))(J_ENV, J_CLS, u1, (jobject) &dgram_buf, 0, 8,
            (jbyteArray) &addr_array, op_udp_send));
    CHECK(j_take(port, op_udp_send, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(8, r.bytes);
    CHECK(j_take(port, op_udp_recv, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(8, r.bytes);
    CHECK(memcmp(in_data, "datagram", 8) == 0);
    memset(addr, 0, sizeof(addr));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("operationAddress"))(J_ENV, J_CLS, op_udp_recv,
            (jbyteArray) &addr_array));
    CHECK_EQ(u1_port, j_port_of(addr));
    j_loopback(addr, u2_port);
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("connectDatagram"))(J_ENV, J_CLS, u1, (jbyteArray) &addr_array));
    CHECK_EQ(0, ((fn_i_jarr) registered_fn("connectDatagram"))(J_ENV, J_CLS, u1, NULL));

    /* a file: CreateFileW from a Java string, its size, an overlapped ReadFile */
    for (i = 0; dll_path[i] != 0 && i < MAX_PATH - 1; i++) {
        path16[i] = (jchar) (unsigned char) dll_path[i];
    }
    path.length = i;
    file = ((fn_j_str) registered_fn("openFile"))(J_ENV, J_CLS, (jstring) &path);
    CHECK(file > 0);
    CHECK(((fn_j_j) registered_fn("fileSize"))(J_ENV, J_CLS, file) > 2);
    CHECK_EQ(0, ((fn_i_jjj) registered_fn("associate"))(J_ENV, J_CLS, port, file, 6));
    memset(in_data, 0, sizeof(in_data));
    CHECK_EQ(0, ((fn_i_read_file) registered_fn("readFile"))(J_ENV, J_CLS, file, 0, (jobject) &in_buf, 0, 2,
            op_file));
    CHECK(j_take(port, op_file, &r));
    CHECK_EQ(0, r.error);
    CHECK_EQ(2, r.bytes);
    CHECK(in_data[0] == 'M' && in_data[1] == 'Z');

    CHECK_EQ(0, ((fn_i_j) registered_fn("closeFile"))(J_ENV, J_CLS, file));
    CHECK_EQ(0, ((fn_i_j) registered_fn("closeSocket"))(J_ENV, J_CLS, u1));
    CHECK_EQ(0, ((fn_i_j) registered_fn("closeSocket"))(J_ENV, J_CLS, u2));
    CHECK_EQ(0, ((fn_i_j) registered_fn("closeSocket"))(J_ENV, J_CLS, client));
    CHECK_EQ(0, ((fn_i_j) registered_fn("closeSocket"))(J_ENV, J_CLS, accepted));
    CHECK_EQ(0, ((fn_i_j) registered_fn("closeSocket"))(J_ENV, J_CLS, listener));
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_accept);
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_connect);
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_send);
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_recv);
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_udp_recv);
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_udp_send);
    ((fn_v_j) registered_fn("freeOperation"))(J_ENV, J_CLS, op_file);
    CHECK_EQ(0, ((fn_i_j) registered_fn("closePort"))(J_ENV, J_CLS, port));
}

/* Runs last: a native added to Native (and dx_jni.c) without a call above fails here. */
static void test_every_registered_native_was_called(void) {
    int i;
    int missing = 0;
    for (i = 0; i < DX_EXPECTED_COUNT; i++) {
        if (!called[i]) {
            printf("    never called through JNI: %s%s\n", dx_expected_natives[i][0], dx_expected_natives[i][1]);
            missing++;
        }
    }
    if (missing != 0) {
        DX_FAIL("%d of %d registered natives were never called", missing, DX_EXPECTED_COUNT);
    }
    printf("    all %d registered natives were called through JNI\n", DX_EXPECTED_COUNT);
}

int main(int argc, char **argv) {
    HMODULE dll;
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc != 2) {
        printf("usage: jni_harness <dll>\n");
        return 2;
    }
    dll = LoadLibraryA(argv[1]);
    if (dll == NULL) {
        printf("cannot load %s: error %lu\n", argv[1], (unsigned long) GetLastError());
        return 2;
    }
    on_load = (on_load_fn) (void (*)(void)) GetProcAddress(dll, "JNI_OnLoad");
    if (on_load == NULL) {
        printf("%s exports no JNI_OnLoad\n", argv[1]);
        return 2;
    }
    dll_path = argv[1];
    setup_fakes();
    RUN(test_registers_exactly_the_native_methods_of_Native);
    RUN(test_fails_when_the_class_is_missing);
    RUN(test_fails_when_registration_fails);
    RUN(test_registered_functions_work_through_jni);
    RUN(test_every_native_works_through_jni);
    RUN(test_every_registered_native_was_called);
    if (dx_test_failures != 0 || unexpected_calls != 0) {
        printf("jni_harness: %d test(s) FAILED\n", dx_test_failures);
        return 1;
    }
    printf("jni_harness: all tests passed\n");
    return 0;
}
