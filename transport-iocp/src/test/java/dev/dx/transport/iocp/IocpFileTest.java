/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dx.transport.iocp.internal.EmulatedIocpApi;
import dev.dx.transport.iocp.internal.IocpApi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Overlapped file reads through {@link IocpFile}. */
@Timeout(30)
class IocpFileTest {

    private static MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(IocpTestSupport.config()));
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void readsAtPositionsConcurrentlyAndReportsEndOfFile(@TempDir Path dir) throws Exception {
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path p = dir.resolve("data.bin");
        Files.write(p, content);
        IocpFile file = IocpFile.open((IoEventLoop) group.next(), p).sync().getNow();
        assertThat(file.size().sync().getNow()).isEqualTo(100_000L);
        List<ByteBuf> bufs = new ArrayList<>();
        List<Future<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(10_000);
            bufs.add(b);
            reads.add(file.read(i * 10_000L, b));
        }
        try {
            for (int i = 0; i < 10; i++) {
                assertThat(reads.get(i).sync().getNow()).isEqualTo(10_000);
                ByteBuf b = bufs.get(i);
                assertThat(b.readableBytes()).isEqualTo(10_000);
                for (int j = 0; j < 10_000; j += 997) {
                    assertThat(b.getByte(j)).isEqualTo(content[i * 10_000 + j]);
                }
            }
            ByteBuf tail = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            bufs.add(tail);
            assertThat(file.read(99_990, tail).sync().getNow()).isEqualTo(10);
            assertThat(tail.toString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1))
                    .isEqualTo(java.util.Arrays.copyOfRange(content, 99_990, 100_000));
            assertThat(file.read(100_000, tail).sync().getNow()).isEqualTo(-1);
        } finally {
            file.close();
            bufs.forEach(ByteBuf::release);
        }
    }

    @Test
    void missingFileFailsWithTheWindowsError(@TempDir Path dir) {
        Future<IocpFile> f = IocpFile.open((IoEventLoop) group.next(), dir.resolve("missing")).awaitUninterruptibly();
        assertThat(f.cause()).isInstanceOf(IOException.class).hasMessageContaining("CreateFile(..) failed")
                .hasMessageContaining("(2)");
    }

    @Test
    void readAfterCloseFails(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("x");
        Files.write(p, new byte[] {1, 2, 3});
        IocpFile file = IocpFile.open((IoEventLoop) group.next(), p).sync().getNow();
        file.close();
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(4);
        try {
            assertThat(file.read(0, b).awaitUninterruptibly().cause())
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        } finally {
            b.release();
        }
    }

    @Test
    void emptyReadsHeapBuffersAndClosedFiles(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("x");
        Files.write(p, new byte[] {1, 2, 3});
        IoEventLoop loop = (IoEventLoop) group.next();
        IocpFile file = IocpFile.open(loop, p).sync().getNow();
        ByteBuf full = PooledByteBufAllocator.DEFAULT.directBuffer(2, 2).writeZero(2);
        ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(4);
        try {
            assertThat(file.read(0, full).sync().getNow()).as("no room: nothing to read").isZero();
            assertThatThrownBy(() -> file.read(0, heap)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("dst must be a direct buffer with one NIO buffer");
            // closed from the event loop itself, then again (a no-op)
            loop.submit(file::close).sync();
            file.close();
            assertThat(file.size().awaitUninterruptibly().cause())
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);
        } finally {
            full.release();
            heap.release();
        }
    }

    @Test
    void failuresOfTheFileCallsFailTheirFutures(@TempDir Path dir) throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "the failures are injected through the emulator");
        Path p = dir.resolve("x");
        Files.write(p, new byte[] {1, 2, 3});
        IoEventLoop loop = (IoEventLoop) group.next();
        EmulatedIocpApi emulator = EmulatedIocpApi.instance();

        int open = emulator.openFiles();
        loop.submit(() -> emulator.failNextCall("associate", IocpApi.ERROR_INVALID_PARAMETER)).sync();
        assertThat(IocpFile.open(loop, p).awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                .hasMessage("CreateIoCompletionPort(..) failed: ERROR_INVALID_PARAMETER (87)");
        assertThat(emulator.openFiles()).as("the file that could not be associated was closed").isEqualTo(open);

        IocpFile file = IocpFile.open(loop, p).sync().getNow();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(8);
        try {
            loop.submit(() -> emulator.failNextCall("fileSize", IocpApi.ERROR_INVALID_PARAMETER)).sync();
            assertThat(file.size().awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                    .hasMessage("GetFileSizeEx(..) failed: ERROR_INVALID_PARAMETER (87)");
            loop.submit(() -> emulator.failNextCall("readFile", IocpApi.ERROR_HANDLE_EOF)).sync();
            assertThat(file.read(10, buf).sync().getNow()).as("end of file reported by the call itself")
                    .isEqualTo(-1);
            loop.submit(() -> emulator.failNextCall("readFile", IocpApi.ERROR_INVALID_PARAMETER)).sync();
            assertThat(file.read(0, buf).awaitUninterruptibly().cause()).isInstanceOf(IOException.class)
                    .hasMessage("ReadFile(..) failed: ERROR_INVALID_PARAMETER (87)");
            assertThat(file.read(0, buf).sync().getNow()).as("the operation is reused").isEqualTo(3);
            assertThat(loop.submit(() -> emulator.armedFailures()).get()).isEmpty();
        } finally {
            file.close();
            buf.release();
        }
    }

    @Test
    void aFileStillOpenWhenItsEventLoopShutsDownIsClosedByIt(@TempDir Path dir) throws Exception {
        assumeTrue(IocpTestSupport.emulated(), "open files are counted by the emulator");
        Path p = dir.resolve("x");
        Files.write(p, new byte[] {1});
        MultiThreadIoEventLoopGroup own = new MultiThreadIoEventLoopGroup(1,
                IocpIoHandler.newFactory(IocpTestSupport.config()));
        IoEventLoop loop = (IoEventLoop) own.next();
        int open = EmulatedIocpApi.instance().openFiles();
        IocpFile.open(loop, p).sync();
        assertThat(EmulatedIocpApi.instance().openFiles()).isEqualTo(open + 1);
        assertThat(own.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(EmulatedIocpApi.instance().openFiles()).as("closed by the event loop's shutdown").isEqualTo(open);
        assertThatThrownBy(() -> IocpFile.open(loop, p)).as("a loop that is gone registers nothing")
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}
