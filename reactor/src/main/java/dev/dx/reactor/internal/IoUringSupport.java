package dev.dx.reactor.internal;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;

/**
 * The io_uring specifics: the handler configuration (ring size, buffer ring) and the channel options
 * that make connections use the buffer ring and zero-copy send.
 */
public final class IoUringSupport {

    /** The buffer group id of the per-core buffer ring. */
    public static final short BUFFER_GROUP_ID = 1;

    private static final System.Logger LOG = System.getLogger("dev.dx.reactor");

    private IoUringSupport() {
    }

    /** Whether the kernel can register buffer rings. */
    public static boolean bufferRingSupported() {
        return IoUring.isRegisterBufferRingSupported();
    }

    /**
     * An io_uring handler factory with {@code ringSize} entries (completion queue twice as large) and,
     * if {@code bufferRing}, one buffer ring of {@code ringBuffers} buffers of {@code bufferSize} bytes.
     */
    public static IoHandlerFactory factory(int ringSize, boolean bufferRing, int ringBuffers, int bufferSize) {
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig()
                .setRingSize(ringSize)
                .setCqSize(ringSize * 2);
        if (bufferRing) {
            config.setBufferRingConfig(IoUringBufferRingConfig.builder()
                    .bufferGroupId(BUFFER_GROUP_ID)
                    .bufferRingSize((short) ringBuffers)
                    .batchSize(Math.max(1, ringBuffers / 2))
                    .allocator(new IoUringFixedBufferRingAllocator(bufferSize))
                    .build());
        }
        return IoUringIoHandler.newFactory(config);
    }

    /** Whether buffer rings will be used: asked for and supported (a warning is logged otherwise). */
    public static boolean useBufferRing(boolean requested) {
        if (requested && !bufferRingSupported()) {
            LOG.log(System.Logger.Level.WARNING,
                    "io_uring buffer rings are not supported by this kernel; connections use read buffers");
            return false;
        }
        return requested;
    }

    /** Sets the child (accepted connection) options of a server bootstrap. */
    public static void childOptions(ServerBootstrap b, boolean bufferRing, int zeroCopyThreshold) {
        if (bufferRing) {
            b.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP_ID);
        }
        if (zeroCopyThreshold >= 0) {
            b.childOption(IoUringChannelOption.IO_URING_WRITE_ZERO_COPY_THRESHOLD, zeroCopyThreshold);
        }
    }

    /** Sets the options of a client bootstrap. */
    public static void clientOptions(AbstractBootstrap<?, ?> b, boolean bufferRing, int zeroCopyThreshold) {
        if (bufferRing) {
            b.option(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP_ID);
        }
        if (zeroCopyThreshold >= 0) {
            b.option(IoUringChannelOption.IO_URING_WRITE_ZERO_COPY_THRESHOLD, zeroCopyThreshold);
        }
    }
}
