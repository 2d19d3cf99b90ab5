/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The emulator's completion port: a blocking queue of completion records. */
final class EmulatedPort {

    /** One queued completion record. */
    static final class Record {
        final long key;
        final EmulatedOperation operation;
        final int bytes;
        final int error;

        Record(long key, EmulatedOperation operation, int bytes, int error) {
            this.key = key;
            this.operation = operation;
            this.bytes = bytes;
            this.error = error;
        }
    }

    private final LinkedBlockingQueue<Record> queue = new LinkedBlockingQueue<>();
    private final List<Record> drain = new ArrayList<>();

    void add(Record record) {
        queue.add(record);
    }

    int dequeue(ByteBuffer entries, int maxEntries, int timeoutMillis) {
        Record first;
        try {
            if (timeoutMillis == 0) {
                first = queue.poll();
            } else if (timeoutMillis < 0) {
                first = queue.take();
            } else {
                first = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (first == null) {
            return 0;
        }
        ByteBuffer out = entries.duplicate().order(ByteOrder.nativeOrder());
        write(out, 0, first);
        int n = 1;
        if (maxEntries > 1) {
            drain.clear();
            queue.drainTo(drain, maxEntries - 1);
            for (Record r : drain) {
                write(out, n++, r);
            }
            drain.clear();
        }
        return n;
    }

    private static void write(ByteBuffer out, int index, Record r) {
        int base = index * IocpApi.ENTRY_SIZE;
        out.putLong(base, r.key);
        out.putLong(base + 8, r.operation == null ? 0 : r.operation.handle);
        out.putInt(base + 16, r.bytes);
        out.putInt(base + 20, r.error);
        if (r.operation != null) {
            r.operation.inFlight = false;
        }
    }
}
