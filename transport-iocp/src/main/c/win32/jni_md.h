/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * Machine-dependent JNI types for 64-bit Windows (LLP64), used with the JDK's own jni.h. Our own file, so the
 * DLL builds on Linux (mingw-w64) with a Linux JDK's jni.h, and with MSVC or mingw-w64 on Windows alike.
 */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#ifndef JNIEXPORT
#define JNIEXPORT __declspec(dllexport)
#endif
#define JNIIMPORT __declspec(dllimport)
/*
 * Empty: x64 Windows has one calling convention and compilers ignore __stdcall there, so this is the same ABI as
 * the JDK's Windows header (which spells it __stdcall). Newer JDKs' jni.h (25 here) define JNICALL themselves,
 * empty, after including this file: the same definition is no conflict, a different one fails under -Werror.
 */
#define JNICALL

/* 32-bit jint and 64-bit jlong, as in the JDK's Windows jni_md.h (long is 32 bits on Windows). */
typedef long jint;
typedef long long jlong;
typedef signed char jbyte;

#endif /* _JAVASOFT_JNI_MD_H_ */
