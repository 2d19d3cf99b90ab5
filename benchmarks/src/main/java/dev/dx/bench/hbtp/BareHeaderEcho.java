package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The leanest server for {@link HbtpVsHttp}'s job on the same Netty, the baseline HBTP is measured
 * against: for each complete RpcCall in the inbound bytes, one RpcResponse with the same sequence
 * whose body is the call's arguments (the body after its 2-byte route id), the same bytes on the wire
 * as the HBTP server's route-1 echo. No frame objects, no router, no checks beyond the length: 8-byte
 * headers read in place, each response copied into one new buffer, flushed at read-complete.
 */
final class BareHeaderEcho extends ByteToMessageDecoder {

    private static final int ROUTE_ID = 2;

    private boolean needsFlush;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= HbtpHeader.SIZE) {
            int at = in.readerIndex();
            int length = (int) HbtpHeader.length(in, at);
            if (in.readableBytes() < HbtpHeader.SIZE + length) {
                return;
            }
            int arguments = length - ROUTE_ID;
            ByteBuf response = ctx.alloc().directBuffer(HbtpHeader.SIZE + arguments);
            HbtpHeader.write(response, HbtpOpcode.RPC_RESPONSE.code(), 0, HbtpHeader.sequence(in, at), arguments);
            response.writeBytes(in, at + HbtpHeader.SIZE + ROUTE_ID, arguments);
            in.skipBytes(HbtpHeader.SIZE + length);
            ctx.write(response, ctx.voidPromise());
            needsFlush = true;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
        super.channelReadComplete(ctx);
    }
}
