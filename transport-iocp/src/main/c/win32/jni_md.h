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
#define JNICALL __stdcall

/* 32-bit jint and 64-bit jlong, as in the JDK's Windows jni_md.h (long is 32 bits on Windows). */
typedef long jint;
typedef long long jlong;
typedef signed char jbyte;

#endif /* _JAVASOFT_JNI_MD_H_ */
