/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * A Netty 4.2 transport over Windows I/O completion ports: {@link dev.dx.transport.iocp.IocpIoHandler} and the
 * {@link dev.dx.transport.iocp.IocpSocketChannel}, {@link dev.dx.transport.iocp.IocpServerSocketChannel} and
 * {@link dev.dx.transport.iocp.IocpDatagramChannel} channels, plus overlapped file reads with
 * {@link dev.dx.transport.iocp.IocpFile}. Check {@link dev.dx.transport.iocp.Iocp#isAvailable()} first.
 */
package dev.dx.transport.iocp;
