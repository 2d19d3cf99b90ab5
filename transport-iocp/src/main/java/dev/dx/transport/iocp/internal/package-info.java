/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Non-API internals of the IOCP transport: the {@link dev.dx.transport.iocp.internal.IocpApi} boundary to the
 * operating system, its pure-Java emulator and (on Windows) the JNI implementation. Not for use by applications;
 * may change without notice.
 */
package dev.dx.transport.iocp.internal;
