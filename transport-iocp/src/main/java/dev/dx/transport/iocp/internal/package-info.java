/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Non-API internals of the IOCP transport: the {@link dev.dx.transport.iocp.internal.IocpApi} boundary to the
 * operating system, the JNI implementation (Windows), the {@link dev.dx.transport.iocp.internal.IocpApiProvider}
 * SPI through which the pure-Java emulator (in the module's test-jar) is found, and the DLL loader. Not for use by
 * applications; may change without notice.
 */
package dev.dx.transport.iocp.internal;
