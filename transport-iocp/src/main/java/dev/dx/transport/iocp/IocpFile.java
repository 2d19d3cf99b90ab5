/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import dev.dx.transport.iocp.internal.IocpApi;
import io.netty.buffer.ByteBuf;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * A file opened for asynchronous reads with overlapped {@code ReadFile} on an IOCP event loop.
 *
 * <pre>{@code
 * IocpFile file = IocpFile.open(loop, Path.of("data.bin")).sync().getNow();
 * ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
 * int n = file.read(0, buf).sync().getNow();   // bytes read (writerIndex advanced), -1 at end of file
 * buf.release();
 * file.close();
 * }</pre>
 *
 * {@link #read} never blocks; several reads may be in flight at once. The buffer must be direct with one NIO
 * buffer; it is retained while the read is in flight and released afterwards (the caller keeps its own
 * reference). {@link #close()} aborts pending reads; their futures fail with {@link ClosedChannelException}.
 */
public final class IocpFile implements Closeable {

    private final IoEventLoop loop;
    private final FileHandle handle = new FileHandle();
    private final ArrayList<IocpOperation> idle = new ArrayList<>();
    private IocpRegistration registration;
    private IoRegistration nettyRegistration;
    private IocpApi api;
    private long file;
    private boolean closed;

    private IocpFile(IoEventLoop loop) {
        this.loop = loop;
    }

    /**
     * Opens {@code path} for reading on {@code loop}, an event loop of a group built with
     * {@link IocpIoHandler#newFactory}. The future fails with an {@link IOException} naming the Windows error
     * (for example {@code ERROR_FILE_NOT_FOUND (2)}) if the file cannot be opened.
     */
    public static Future<IocpFile> open(IoEventLoop loop, Path path) {
        checkNotNull(loop, "loop");
        checkNotNull(path, "path");
        Promise<IocpFile> promise = loop.newPromise();
        IocpFile f = new IocpFile(loop);
        loop.register(f.handle).addListener(r -> {
            if (!r.isSuccess()) {
                promise.setFailure(r.cause());
                return;
            }
            f.nettyRegistration = (IoRegistration) r.getNow();
            f.api = f.registration.api();
            long h = f.api.openFile(path.toString());
            if (h <= 0) {
                f.nettyRegistration.cancel();
                promise.setFailure(Errors.newIOException("CreateFile", (int) -h));
                return;
            }
            f.file = h;
            try {
                f.registration.associate(h);
            } catch (IOException e) {
                f.api.closeFile(h);
                f.nettyRegistration.cancel();
                promise.setFailure(e);
                return;
            }
            promise.setSuccess(f);
        });
        return promise;
    }

    /** Returns the file's size in bytes. */
    public Future<Long> size() {
        Promise<Long> promise = loop.newPromise();
        run(() -> {
            if (closed) {
                promise.setFailure(new ClosedChannelException());
                return;
            }
            long n = api.fileSize(file);
            if (n < 0) {
                promise.setFailure(Errors.newIOException("GetFileSizeEx", (int) -n));
            } else {
                promise.setSuccess(n);
            }
        });
        return promise;
    }

    /**
     * Reads up to {@code dst.writableBytes()} bytes at {@code position} into {@code dst}. The future gives the
     * number of bytes read (and {@code dst}'s writer index has advanced by it), or -1 at the end of the file.
     */
    public Future<Integer> read(long position, ByteBuf dst) {
        checkPositiveOrZero(position, "position");
        checkNotNull(dst, "dst");
        if (!dst.isDirect() || dst.nioBufferCount() != 1) {
            throw new IllegalArgumentException("dst must be a direct buffer with one NIO buffer: " + dst);
        }
        Promise<Integer> promise = loop.newPromise();
        run(() -> read0(position, dst, promise));
        return promise;
    }

    private void read0(long position, ByteBuf dst, Promise<Integer> promise) {
        if (closed) {
            promise.setFailure(new ClosedChannelException());
            return;
        }
        int length = dst.writableBytes();
        if (length == 0) {
            promise.setSuccess(0);
            return;
        }
        IocpOperation op = idle.isEmpty() ? registration.newOperation() : idle.remove(idle.size() - 1);
        ByteBuffer nio = dst.internalNioBuffer(dst.writerIndex(), length);
        int err = registration.started(op, api.readFile(file, position, nio, nio.position(), length, op.handle));
        if (err != 0) {
            idle.add(op);
            if (err == IocpApi.ERROR_HANDLE_EOF) {
                promise.setSuccess(-1);
            } else {
                promise.setFailure(Errors.newIOException("ReadFile", err));
            }
            return;
        }
        op.attachment = new PendingRead(dst.retain(), promise);
    }

    private void complete(IocpOperation op, int bytes, int error) {
        PendingRead read = (PendingRead) op.attachment;
        op.attachment = null;
        idle.add(op);
        try {
            if (error == 0) {
                read.buffer.writerIndex(read.buffer.writerIndex() + bytes);
                read.promise.trySuccess(bytes);
            } else if (error == IocpApi.ERROR_HANDLE_EOF) {
                read.promise.trySuccess(-1);
            } else if (error == IocpApi.ERROR_OPERATION_ABORTED) {
                read.promise.tryFailure(new ClosedChannelException());
            } else {
                read.promise.tryFailure(Errors.newIOException("ReadFile", error));
            }
        } finally {
            read.buffer.release();
        }
    }

    /** Closes the file; pending reads fail with {@link ClosedChannelException}. */
    @Override
    public void close() {
        run(() -> {
            if (closed) {
                return;
            }
            closed = true;
            registration.handleClosed();
            api.closeFile(file);
            nettyRegistration.cancel();
        });
    }

    private void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private static final class PendingRead {
        final ByteBuf buffer;
        final Promise<Integer> promise;

        PendingRead(ByteBuf buffer, Promise<Integer> promise) {
            this.buffer = buffer;
            this.promise = promise;
        }
    }

    private final class FileHandle implements IocpIoHandle {
        @Override
        public void attach(IocpRegistration r) {
            registration = r;
        }

        @Override
        public void handle(IoRegistration r, IoEvent event) {
            IocpIoEvent e = (IocpIoEvent) event;
            complete(e.operation, e.bytes, e.error);
        }

        @Override
        public void close() {
            IocpFile.this.close();
        }
    }
}
