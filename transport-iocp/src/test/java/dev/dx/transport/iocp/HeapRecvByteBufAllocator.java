/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 */
package dev.dx.transport.iocp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * Test allocator: hands out fixed-size <em>heap</em> receive buffers from the channel's allocator, which a channel
 * posting overlapped receives cannot give to the kernel (it needs a direct buffer's address). Use a pooled
 * allocator so that the leak detector sees a heap buffer the channel forgets to release.
 */
final class HeapRecvByteBufAllocator implements RecvByteBufAllocator {

    private final int size;

    HeapRecvByteBufAllocator(int size) {
        this.size = size;
    }

    @Override
    public Handle newHandle() {
        return new DelegatingHandle(new FixedRecvByteBufAllocator(size).newHandle()) {
            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                return alloc.heapBuffer(size);
            }
        };
    }
}
