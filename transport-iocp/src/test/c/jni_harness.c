/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * The JNI boundary test, run under Wine (or on Windows): loads the DLL given as argv[1], calls its JNI_OnLoad with a
 * minimal fake JavaVM/JNIEnv, and checks that it registers exactly the native methods of the Java class Native
 * (the list in jni_expected.h is generated from the compiled class by JniSignatureList at build time). It then
 * calls a few registered functions through the fake JNIEnv to check the argument plumbing (direct buffers, byte
 * arrays, error returns). Every JNI function the library calls that the fake does not implement fails the test.
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

static void *registered_fn(const char *name) {
    int i;
    for (i = 0; i < registered_n; i++) {
        if (strcmp(registered[i].name, name) == 0) {
            return registered[i].fnPtr;
        }
    }
    return NULL;
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
    setup_fakes();
    RUN(test_registers_exactly_the_native_methods_of_Native);
    RUN(test_fails_when_the_class_is_missing);
    RUN(test_fails_when_registration_fails);
    RUN(test_registered_functions_work_through_jni);
    if (dx_test_failures != 0 || unexpected_calls != 0) {
        printf("jni_harness: %d test(s) FAILED\n", dx_test_failures);
        return 1;
    }
    printf("jni_harness: all tests passed\n");
    return 0;
}
