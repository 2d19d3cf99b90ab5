/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;

import java.io.IOException;
import java.util.ArrayList;

/**
 * The registration of one {@link IocpIoHandle} with an {@link IocpIoHandler}: a completion key, the operating
 * system handle associated under that key, and the operation blocks the owner allocated. {@link #cancel()} calls
 * {@code CancelIoEx} for every operation in flight and frees the blocks only after each aborted completion has been
 * dequeued. All methods except {@link #cancel()} and {@link #isValid()} are for the event-loop thread.
 */
final class IocpRegistration implements IoRegistration {

    private final IocpIoHandler handler;
    private final IocpIoHandle handle;
    private final IocpIoEvent event = new IocpIoEvent();
    final long key;
    private final ArrayList<IocpOperation> operations = new ArrayList<>(4);
    private long osHandle;
    private int inFlight;
    private volatile boolean valid = true;
    private boolean finished;

    IocpRegistration(IocpIoHandler handler, IocpIoHandle handle, long key) {
        this.handler = handler;
        this.handle = handle;
        this.key = key;
    }

    IocpApi api() {
        return handler.api();
    }

    IocpIoHandler handler() {
        return handler;
    }

    /** Associates the operating-system handle with the port under this registration's key (once). */
    void associate(long osHandle) throws IOException {
        if (this.osHandle != 0) {
            throw new IllegalStateException("already associated");
        }
        int err = handler.api().associate(handler.port(), osHandle, key);
        if (err != 0) {
            throw Errors.newIOException("CreateIoCompletionPort", err);
        }
        this.osHandle = osHandle;
    }

    long osHandle() {
        return osHandle;
    }

    /** The owner closed the handle: its operations abort by themselves, so cancel() skips CancelIoEx. */
    void handleClosed() {
        osHandle = 0;
    }

    /** Allocates an operation block owned by this registration. */
    IocpOperation newOperation() {
        if (finished) {
            throw new IllegalStateException("registration cancelled: no new operations");
        }
        long h = handler.api().newOperation();
        if (h <= 0) {
            throw new OutOfMemoryError("cannot allocate an OVERLAPPED block: error " + -h);
        }
        IocpOperation op = new IocpOperation(h);
        operations.add(op);
        return op;
    }

    /**
     * Records the result of an asynchronous call on {@code op}: 0 puts it in flight, anything else means it was
     * not started.
     */
    int started(IocpOperation op, int error) {
        if (error == 0) {
            op.inFlight = true;
            inFlight++;
        }
        return error;
    }

    int inFlight() {
        return inFlight;
    }

    /** Called by the handler for each dequeued record of this key. */
    void complete(long opHandle, int bytes, int error) {
        IocpOperation op = find(opHandle);
        if (op == null) {
            handler.unknownOperation(key, opHandle);
            return;
        }
        op.inFlight = false;
        inFlight--;
        try {
            handle.handle(this, event.set(op, bytes, error));
        } finally {
            event.set(null, 0, 0);
            if (!valid && inFlight == 0) {
                finish();
            }
        }
    }

    private IocpOperation find(long opHandle) {
        for (int i = 0, n = operations.size(); i < n; i++) {
            IocpOperation op = operations.get(i);
            if (op.handle == opHandle) {
                return op;
            }
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) handle;
    }

    @Override
    public long submit(IoOps ops) {
        throw new UnsupportedOperationException("IOCP operations are started by the channel, not through submit");
    }

    @Override
    public boolean isValid() {
        return valid;
    }

    @Override
    public boolean cancel() {
        if (!valid) {
            return false;
        }
        valid = false;
        if (handler.inEventLoop()) {
            cancel0();
        } else {
            try {
                handler.execute(this::cancel0);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the event loop is shutting down: destroy() cancels and drains every registration itself
            }
        }
        return true;
    }

    private void cancel0() {
        if (finished) {
            return;
        }
        for (int i = 0, n = operations.size(); i < n; i++) {
            IocpOperation op = operations.get(i);
            if (op.inFlight && osHandle != 0) {
                handler.api().cancel(osHandle, op.handle);
            }
        }
        if (inFlight == 0) {
            finish();
        }
    }

    /** Frees every operation block (none is in flight) and removes the registration. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        valid = false;
        for (IocpOperation op : operations) {
            if (!op.inFlight) {
                handler.api().freeOperation(op.handle);
                // the owner may still hold the op (a channel deregistered while open): any later call with it now
                // fails with ERROR_INVALID_PARAMETER instead of touching freed native memory
                op.handle = 0;
            }
        }
        operations.clear();
        handler.remove(this);
        handle.unregistered();
    }

    /** Frees the blocks without waiting (destroy after the drain timed out): in-flight ones are leaked. */
    void abandon() {
        if (!finished) {
            valid = false;
            finish();
        }
    }
}
