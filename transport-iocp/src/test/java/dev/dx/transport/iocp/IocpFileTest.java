/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Overlapped file reads through {@link IocpFile}. */
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
}
