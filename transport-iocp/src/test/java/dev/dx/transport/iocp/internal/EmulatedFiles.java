/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp.internal;

import static dev.dx.transport.iocp.internal.IocpApi.ERROR_HANDLE_EOF;
import static dev.dx.transport.iocp.internal.IocpApi.ERROR_INVALID_PARAMETER;
import static dev.dx.transport.iocp.internal.IocpApi.ERROR_OPERATION_ABORTED;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The emulator's overlapped file operations: {@code CreateFile} for reading, {@code GetFileSizeEx}, an overlapped
 * {@code ReadFile} at a position, and {@code CloseHandle}. A read is queued here and performed by the emulator's
 * kernel thread ({@link #performReads}); its completion goes to the port of the file, like any other.
 *
 * <p>It may touch the {@link EmulatedFile}s in the emulator's handle table, its own queue of reads and the operations
 * in that queue, which it completes through {@link EmulatedIocpApi#complete}. {@link #open} and {@link #size} need
 * no lock; every other method is called under the emulator's lock.
 */
final class EmulatedFiles {

    /** {@code ERROR_FILE_NOT_FOUND}. */
    private static final int FILE_NOT_FOUND = 2;
    /** {@code ERROR_ACCESS_DENIED}. */
    private static final int ACCESS_DENIED = 5;

    private final EmulatedHandles handles;
    /** Reads started and not yet performed by the kernel thread, oldest first. */
    private final ArrayDeque<EmulatedOperation> reads = new ArrayDeque<>();

    EmulatedFiles(EmulatedHandles handles) {
        this.handles = handles;
    }

    /** Opens {@code path} for reading: a new file handle, or {@code -error}. */
    long open(String path) {
        try {
            FileChannel ch = FileChannel.open(Paths.get(path), StandardOpenOption.READ);
            long h = handles.next();
            handles.put(h, new EmulatedFile(h, ch));
            return h;
        } catch (NoSuchFileException e) {
            return -FILE_NOT_FOUND;
        } catch (IOException | RuntimeException e) {
            return -ACCESS_DENIED;
        }
    }

    /** The size of {@code file} in bytes, or {@code -error}. */
    long size(long file) {
        EmulatedFile f = handles.get(file, EmulatedFile.class);
        if (f == null) {
            return -ERROR_INVALID_PARAMETER;
        }
        try {
            return f.channel.size();
        } catch (IOException e) {
            return -ERROR_INVALID_PARAMETER;
        }
    }

    /**
     * Starts {@code op}: a read of {@code file} at {@code position} into {@code dst}, performed by the kernel thread;
     * returns 0, or an error if the file is unknown or not associated with a port, or {@code op} unknown or busy.
     */
    int startRead(long file, long position, ByteBuffer dst, EmulatedOperation op) {
        EmulatedFile f = handles.get(file, EmulatedFile.class);
        if (f == null || f.port == null || op == null || op.inFlight || position < 0) {
            return ERROR_INVALID_PARAMETER;
        }
        op.start(EmulatedOperation.READ_FILE, f);
        op.buffers = new ByteBuffer[] {dst};
        op.position = position;
        reads.add(op);
        return 0;
    }

    /**
     * Cancels {@code op} if it is a read of the file {@code handle} that has not been performed yet: it completes
     * with {@link IocpApi#ERROR_OPERATION_ABORTED}. Returns false if there was no such read.
     */
    boolean cancel(EmulatedIocpApi api, long handle, EmulatedOperation op) {
        if (op.target instanceof EmulatedFile && ((EmulatedFile) op.target).handle == handle && reads.remove(op)) {
            api.complete(op, 0, ERROR_OPERATION_ABORTED);
            return true;
        }
        return false;
    }

    /** Closes {@code file}; its reads not performed yet complete with {@link IocpApi#ERROR_OPERATION_ABORTED}. */
    int close(EmulatedIocpApi api, long file) {
        EmulatedFile f = handles.get(file, EmulatedFile.class);
        if (f == null) {
            return ERROR_INVALID_PARAMETER;
        }
        handles.remove(file);
        f.closed = true;
        for (Iterator<EmulatedOperation> it = reads.iterator(); it.hasNext();) {
            EmulatedOperation op = it.next();
            if (op.target == f) {
                it.remove();
                api.complete(op, 0, ERROR_OPERATION_ABORTED);
            }
        }
        EmulatedSocket.closeQuietly(f.channel);
        return 0;
    }

    /** Performs the queued reads, oldest first, and completes each (on the kernel thread). */
    void performReads(EmulatedIocpApi api) {
        EmulatedOperation op;
        while ((op = reads.poll()) != null) {
            perform(api, op);
        }
    }

    private static void perform(EmulatedIocpApi api, EmulatedOperation op) {
        EmulatedFile f = (EmulatedFile) op.target;
        ByteBuffer dst = op.buffers[0];
        try {
            int n = f.channel.read(dst, op.position);
            if (n < 0) {
                api.complete(op, 0, ERROR_HANDLE_EOF);
            } else {
                api.complete(op, n, 0);
            }
        } catch (IOException | RuntimeException e) {
            api.complete(op, 0, EmulatedErrors.of(e));
        }
    }

    /** The number of files open in the emulator. */
    int openCount() {
        return handles.count(EmulatedFile.class);
    }
}
