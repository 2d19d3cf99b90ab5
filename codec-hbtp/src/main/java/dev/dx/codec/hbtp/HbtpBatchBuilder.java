package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out one Batch (spec §12) in a single buffer for {@link HbtpEncoder}, with the write promises it
 * answers: {@value HbtpHeader#SIZE} bytes of room for the Batch's own header, then each inner frame's
 * header and body written straight behind it. The encoder then seals (or checksums) the body where it
 * lies and fills in the header, so a Batch costs one buffer, whatever the number of its frames.
 *
 * <pre>
 * [0, 8)   the Batch's header, written by the encoder
 * [8, ..)  inner frame 1: header ‖ body, inner frame 2: header ‖ body, ...
 * </pre>
 *
 * A Batch's body may hold at most {@code limit} bytes (the maximum frame length less the tag or checksum
 * the Batch itself will carry); a frame that does not fit starts the next Batch. Not thread-safe; one per
 * encoder, reused for every Batch.
 */
final class HbtpBatchBuilder {

    /** Where the first inner frame starts: after the Batch's own header. */
    static final int BODY_OFFSET = HbtpHeader.SIZE;
    /** The most room the first buffer of a Batch gets from the size estimate; beyond it, it grows. */
    private static final int MAX_INITIAL_CAPACITY = 64 * 1024;

    private final int limit;
    private final List<ChannelPromise> promises = new ArrayList<>();
    private ByteBuf buf;

    HbtpBatchBuilder(int limit) {
        this.limit = limit;
    }

    /** The most bytes of inner frames one Batch may hold. */
    int limit() {
        return limit;
    }

    /** Whether an inner frame of {@code innerLength} bytes (header included) fits next to what is held. */
    boolean fits(long innerLength) {
        return buf == null || buf.writerIndex() - BODY_OFFSET + innerLength <= limit;
    }

    /**
     * Appends an inner frame: an 8-byte header, then {@code payload}'s readable bytes, which stay the
     * caller's; {@link #appended} then takes the promise its write completes. The first frame of a Batch
     * allocates the buffer, sized for {@code estimate} more bytes of inner frames (capped; it grows if
     * needed).
     */
    void append(ChannelHandlerContext ctx, long estimate, int opcode, int flags, int sequence, ByteBuf payload) {
        int n = payload.readableBytes();
        if (buf == null) {
            long wanted = Math.max(HbtpHeader.SIZE + n, Math.min(estimate, MAX_INITIAL_CAPACITY));
            buf = ctx.alloc().buffer(BODY_OFFSET + (int) Math.min(wanted, limit) + 16);
            buf.writerIndex(BODY_OFFSET);
        }
        int start = buf.writerIndex();
        try {
            HbtpHeader.write(buf, opcode, flags, sequence, n);
            buf.ensureWritable(n);
            int w = buf.writerIndex();
            // the source's getBytes copies memory to memory; writeBytes(payload) would make NIO views
            payload.getBytes(payload.readerIndex(), buf, w, n);
            buf.writerIndex(w + n);
        } catch (RuntimeException e) {
            if (promises.isEmpty()) {
                clear();
            } else {
                buf.writerIndex(start); // the frames already laid out stay whole
            }
            throw e;
        }
    }

    /** Takes the promise that the write of the frame {@link #append} just laid out completes. */
    void appended(ChannelPromise promise) {
        promises.add(promise);
    }

    boolean isEmpty() {
        return promises.isEmpty();
    }

    /** The number of inner frames held. */
    int size() {
        return promises.size();
    }

    /**
     * One promise for the write of what is held, which completes each held promise the same way: the
     * lone promise itself for one frame, the void promise when every held promise is void.
     */
    ChannelPromise promise(ChannelHandlerContext ctx) {
        if (promises.size() == 1) {
            return promises.get(0);
        }
        boolean allVoid = true;
        for (ChannelPromise p : promises) {
            allVoid &= p.isVoid();
        }
        if (allVoid) {
            return ctx.voidPromise();
        }
        ChannelPromise[] held = promises.toArray(new ChannelPromise[0]);
        ChannelPromise combined = ctx.newPromise();
        combined.addListener((ChannelFutureListener) f -> {
            for (ChannelPromise p : held) {
                if (f.isSuccess()) {
                    p.trySuccess();
                } else {
                    p.tryFailure(f.cause());
                }
            }
        });
        return combined;
    }

    /**
     * The Batch's buffer (the caller owns it): room for its header at index 0, the inner frames from
     * {@link #BODY_OFFSET} to the writer index. Empties the builder.
     */
    ByteBuf take() {
        ByteBuf b = buf;
        buf = null;
        promises.clear();
        return b;
    }

    /** Releases what is held and empties the builder (the promises are the caller's to complete). */
    void clear() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
        promises.clear();
    }
}
