package dev.dx.bench.hbtp;

import dev.dx.bench.load.Protocol;
import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpHeader;
import io.netty.buffer.ByteBuf;

/** HBTP RpcCall to route 1 with {@code size} argument bytes; the response is one RpcResponse frame. */
final class HbtpRpcProtocol implements Protocol {

    private final int size;
    private int sequence;

    HbtpRpcProtocol(int size) {
        this.size = size;
    }

    @Override
    public void writeRequest(ByteBuf out) {
        HbtpHeader.write(out, 0x30, HbtpFlags.EXPECTS_RESPONSE, sequence, 2 + size);
        sequence = (sequence + 1) & 0xFFFF;
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
