package dev.dx.bench.hbtp;

import dev.dx.bench.load.Protocol;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import io.netty.buffer.ByteBuf;

/**
 * HBTP RpcCall to route 1 with {@code size} argument bytes, optionally behind a metadata block (§11.1);
 * the response is one RpcResponse frame.
 */
final class HbtpRpcProtocol implements Protocol {

    /**
     * The block of the metadata benchmarks: two application keys as a real client sends them (a bearer
     * token and a W3C traceparent) and a 30-second {@code hbtp-timeout}: 205 bytes.
     */
    static final HbtpMetadata TYPICAL_METADATA = HbtpMetadata.builder()
            .add(HbtpMetadataKey.AUTHORIZATION, "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJleHAiOjE5MDAwMDAwMDB9."
                    + "c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc")
            .add(HbtpMetadataKey.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .add(HbtpMetadataKey.TIMEOUT, 30_000L)
            .build();

    private final int size;
    private final HbtpMetadata metadata;
    private int sequence;

    HbtpRpcProtocol(int size) {
        this(size, HbtpMetadata.EMPTY);
    }

    HbtpRpcProtocol(int size, HbtpMetadata metadata) {
        this.size = size;
        this.metadata = metadata;
    }

    @Override
    public void writeRequest(ByteBuf out) {
        int flags = HbtpFlags.EXPECTS_RESPONSE | (metadata.isEmpty() ? 0 : HbtpFlags.HAS_METADATA);
        HbtpHeader.write(out, 0x30, flags, sequence, metadata.encodedSize() + 2 + size);
        sequence = (sequence + 1) & 0xFFFF;
        metadata.writeTo(out);
        out.writeShortLE(1);
        out.writeZero(size);
    }

    @Override
    public int completeResponseLength(ByteBuf in) {
        int r = in.readerIndex();
        if (in.readableBytes() < HbtpHeader.SIZE) {
            return 0;
        }
        long n = HbtpHeader.SIZE + HbtpHeader.length(in, r);
        return in.readableBytes() >= n ? (int) n : 0;
    }
}
