package dev.dx.cim.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.cim.Exchange;
import dev.dx.cim.ListChain;
import dev.dx.cim.Recording;
import dev.dx.codec.hbtp.HbtpControlHandler;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpMetadataKey;
import dev.dx.codec.hbtp.HbtpOpcode;
import dev.dx.codec.hbtp.HbtpRouteTable;
import dev.dx.codec.hbtp.HbtpRouter;
import dev.dx.codec.hbtp.HbtpServerCodec;
import dev.dx.codec.hbtp.stream.HbtpStreamConsumer;
import dev.dx.codec.hbtp.stream.HbtpStreamReceiver;
import dev.dx.codec.hbtp.stream.HbtpStreamSubscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Server streams and uploads pass through the same chain as calls (spec §7, §11.3): the befores run on
 * the start, the afters when the stream's one answer is decided, and their metadata rides on it.
 */
class CimHbtpStreamsTest {

    private static final ByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;
    private static final int STREAM = 9;
    private static final int UPLOAD = 10;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private HbtpRouteTable routes() {
        return HbtpRouteTable.builder()
                .intercept(CimHbtp.interceptor(new ListChain<Exchange>(new Recording("a", log), new Recording("b", log))))
                .stream(STREAM, stream -> {
                    log.add("stream handler");
                    stream.trySend(stream.alloc().directBuffer().writeByte(1));
                    stream.respond(stream.alloc().directBuffer().writeByte(2));
                })
                .upload(UPLOAD, (channel, seq, args) -> new HbtpStreamConsumer() {
                    private HbtpStreamSubscription sub;

                    @Override
                    public void onOpen(HbtpStreamSubscription subscription) {
                        log.add("upload open");
                        sub = subscription;
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onChunk(ByteBuf data) {
                    }

                    @Override
                    public void onEnd(ByteBuf data) {
                        sub.exchange().respond(sub.exchange().alloc().directBuffer().writeByte(3));
                    }

                    @Override
                    public void onAbort() {
                    }
                })
                .build();
    }

    private static ByteBuf wire(HbtpFrame f) {
        ByteBuf b = POOLED.directBuffer();
        HbtpHeader.write(b, f.opcode(), f.flags(), f.sequence(), f.content().readableBytes());
        b.writeBytes(f.content());
        f.release();
        return b;
    }

    private static ByteBuf pooled(String s) {
        return POOLED.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The metadata of the frame in {@code out} (header 8 bytes, then the block), which it releases. */
    private static HbtpMetadata metadataOf(ByteBuf out) {
        try {
            return HbtpMetadata.read(out, HbtpHeader.SIZE);
        } finally {
            out.release();
        }
    }

    @Test
    void aServerStreamRunsTheChainAndItsEndCarriesTheAftersMetadata() {
        HbtpRouteTable routes = routes();
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), new HbtpRouter(routes));
        ch.writeInbound(wire(HbtpFrame.rpcStreamStart(POOLED, 1, STREAM, HbtpMetadata.EMPTY, pooled("s"))));
        ByteBuf chunk = ch.readOutbound();
        assertThat(chunk.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_STREAM_CHUNK.code());
        chunk.release();
        ByteBuf end = ch.readOutbound();
        assertThat(end.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_STREAM_END.code());
        HbtpMetadata md = metadataOf(end);
        assertThat(md.get(HbtpMetadataKey.ofString("x-after-a"))).isEqualTo("1");
        assertThat(log).containsExactly("before:a", "before:b", "stream handler", "after:b", "after:a");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anUploadRunsTheChainOnItsStartAndTheAftersOnItsAnswer() {
        HbtpRouteTable routes = routes();
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(),
                new HbtpStreamReceiver(4, routes), new HbtpRouter(routes));
        ch.writeInbound(wire(HbtpFrame.rpcStreamStart(POOLED, 2, UPLOAD, HbtpMetadata.EMPTY, pooled("u"))));
        assertThat(log).containsExactly("before:a", "before:b", "upload open");
        ch.writeInbound(wire(HbtpFrame.rpcStreamChunk(2, pooled("x"))));
        ch.writeInbound(wire(HbtpFrame.rpcStreamEnd(POOLED, 2, HbtpMetadata.EMPTY, pooled("y"))));
        ByteBuf answer = ch.readOutbound();
        assertThat(answer.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_RESPONSE.code());
        assertThat(metadataOf(answer).get(HbtpMetadataKey.ofString("x-after-b"))).isEqualTo("1");
        assertThat(log).containsExactly("before:a", "before:b", "upload open", "after:b", "after:a");
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
