package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A call's RpcResponse as the client receives it: the result bytes and the response's metadata
 * (§11.1). Reference counted: release it when done.
 */
public final class HbtpResponse extends DefaultByteBufHolder {

    private final HbtpMetadata metadata;

    /** Wraps {@code result} (taken over) and {@code metadata}. */
    public HbtpResponse(ByteBuf result, HbtpMetadata metadata) {
        super(result);
        this.metadata = checkNotNull(metadata, "metadata");
    }

    /** The result bytes; an alias of {@link #content()}. */
    public ByteBuf result() {
        return content();
    }

    /** The response's metadata; {@link HbtpMetadata#EMPTY} when it carried none. */
    public HbtpMetadata metadata() {
        return metadata;
    }

    @Override
    public HbtpResponse replace(ByteBuf content) {
        return new HbtpResponse(content, metadata);
    }

    @Override
    public HbtpResponse retain() {
        super.retain();
        return this;
    }

    @Override
    public HbtpResponse retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public HbtpResponse touch() {
        super.touch();
        return this;
    }

    @Override
    public HbtpResponse touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "HbtpResponse(" + (refCnt() > 0 ? content().readableBytes() + "B" : "released") + ", " + metadata + ")";
    }
}
