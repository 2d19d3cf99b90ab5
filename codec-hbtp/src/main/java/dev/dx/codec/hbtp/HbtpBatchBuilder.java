package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers encoded inner frames for one Batch (spec §12) with the write promises they answer, for
 * {@link HbtpEncoder}. A Batch's body may hold at most {@code limit} bytes (the maximum frame length less
 * the tag or checksum the Batch itself will carry); a frame that does not fit starts the next Batch.
 * Not thread-safe; reused for every Batch of one flush.
 */
final class HbtpBatchBuilder {

    private final int limit;
    private final List<ByteBuf> frames = new ArrayList<>();
    private final List<ChannelPromise> promises = new ArrayList<>();
    private long bytes;

    HbtpBatchBuilder(int limit) {
        this.limit = limit;
    }

    /** Whether {@code inner} fits next to what is held (always when nothing is held). */
    boolean fits(ByteBuf inner) {
        return frames.isEmpty() || bytes + inner.readableBytes() <= limit;
    }

    /** Takes {@code inner} (this builder now owns it) and the promise its write completes. */
    void add(ByteBuf inner, ChannelPromise promise) {
        frames.add(inner);
        promises.add(promise);
        bytes += inner.readableBytes();
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    int size() {
        return frames.size();
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

    /** The lone held frame's bytes (the caller owns them); empties the builder. */
    ByteBuf takeLone() {
        ByteBuf b = frames.get(0);
        reset();
        return b;
    }

    /** The held frames end to end, without copying (the caller owns the result); empties the builder. */
    ByteBuf takeBody(ChannelHandlerContext ctx) {
        CompositeByteBuf body = ctx.alloc().compositeBuffer(frames.size());
        for (ByteBuf b : frames) {
            body.addComponent(true, b);
        }
        reset();
        return body;
    }

    /** Releases what is held and empties the builder (the promises are the caller's to complete). */
    void clear() {
        for (ByteBuf b : frames) {
            b.release();
        }
        reset();
    }

    private void reset() {
        frames.clear();
        promises.clear();
        bytes = 0;
    }
}
