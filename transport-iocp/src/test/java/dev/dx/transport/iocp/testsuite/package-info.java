/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
/** Netty's transport testsuite run against the IOCP channels (emulated port here, the DLL on Windows). */
package dev.dx.transport.iocp.testsuite;
