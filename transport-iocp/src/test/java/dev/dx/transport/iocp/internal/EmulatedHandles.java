/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's process-wide handle table: hands out handle numbers (multiples of 16 from {@code 0x100000}, so
 * that they look like Windows handles and never collide with small integers) and maps them to the emulator's kernel
 * objects (ports, operations, sockets, files).
 *
 * <p>It touches nothing but its own table, which is safe to use from any thread; what the objects in it mean, and
 * which lock guards them, is the business of the classes that put them there.
 */
final class EmulatedHandles {

    private final AtomicLong nextHandle = new AtomicLong(0x10000);
    private final Map<Long, Object> handles = new ConcurrentHashMap<>();

    /** Takes the next handle number, not yet mapped to anything (see {@link #put}). */
    long next() {
        return nextHandle.getAndIncrement() << 4;
    }

    /** Maps {@code handle}, taken from {@link #next}, to {@code object}. */
    void put(long handle, Object object) {
        handles.put(handle, object);
    }

    /** Takes the next handle number and maps it to {@code object}; returns the handle. */
    long add(Object object) {
        long h = next();
        put(h, object);
        return h;
    }

    /** The object behind {@code handle} if it is a {@code type}, else null. */
    <T> T get(long handle, Class<T> type) {
        Object o = handles.get(handle);
        return type.isInstance(o) ? type.cast(o) : null;
    }

    /** Forgets {@code handle}; returns the object it was mapped to, or null. */
    Object remove(long handle) {
        return handles.remove(handle);
    }

    /** The number of objects of {@code type} in the table. */
    int count(Class<?> type) {
        int n = 0;
        for (Object o : handles.values()) {
            if (type.isInstance(o)) {
                n++;
            }
        }
        return n;
    }
}
