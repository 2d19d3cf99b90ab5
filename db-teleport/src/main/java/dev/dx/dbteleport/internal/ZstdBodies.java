package dev.dx.dbteleport.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * zstd for cached bodies: compressed once at fill time (one frame with its content size, as an HBTP
 * peer expects), decompressed only for a receiver that cannot take zstd. Stateless; a compression
 * context is made per call, which costs little next to the query that produced the body.
 */
public final class ZstdBodies {

    private ZstdBodies() {
    }

    /**
     * {@code message}'s readable bytes compressed at {@code level} into a direct buffer sized to the
     * compressed bytes, or {@code null} when compression would not make it smaller. {@code message}
     * is left as it was.
     */
    public static ByteBuf compressIfSmaller(ByteBufAllocator alloc, ByteBuf message, int level) {
        int n = message.readableBytes();
        int bound = (int) Zstd.compressBound(n);
        ByteBuf src = message.isDirect() && message.nioBufferCount() == 1 ? message.retainedDuplicate()
                : alloc.directBuffer(n).writeBytes(message, message.readerIndex(), n);
        ByteBuf dst = alloc.directBuffer(bound);
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level).setContentSize(true).setChecksum(false);
            ByteBuffer s = src.nioBuffer(src.readerIndex(), n);
            ByteBuffer d = dst.nioBuffer(0, bound);
            int written = ctx.compressDirectByteBuffer(d, d.position(), bound, s, s.position(), n);
            if (written >= n) {
                return null;
            }
            return alloc.directBuffer(written).writeBytes(dst, 0, written);
        } finally {
            dst.release();
            src.release();
        }
    }

    /** The plain bytes of one zstd frame {@code body} whose content is {@code length} bytes. */
    public static ByteBuf decompress(ByteBufAllocator alloc, ByteBuf body, int length) {
        int n = body.readableBytes();
        ByteBuf src = body.isDirect() && body.nioBufferCount() == 1 ? body.retainedDuplicate()
                : alloc.directBuffer(n).writeBytes(body, body.readerIndex(), n);
        ByteBuf dst = alloc.directBuffer(length);
        try {
            ByteBuffer s = src.nioBuffer(src.readerIndex(), n);
            ByteBuffer d = dst.nioBuffer(0, length);
            long written = Zstd.decompressDirectByteBuffer(d, d.position(), length, s, s.position(), n);
            if (Zstd.isError(written) || written != length) {
                throw new IllegalStateException("zstd body decompressed to " + written + " bytes, expected " + length);
            }
            dst.writerIndex(length);
            ByteBuf out = dst;
            dst = null;
            return out;
        } finally {
            src.release();
            if (dst != null) {
                dst.release();
            }
        }
    }
}
