package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.codec.hbtp.stream.HbtpStreamConsumer;
import dev.dx.codec.hbtp.stream.HbtpStreamReceiver;
import dev.dx.codec.hbtp.stream.HbtpStreamSubscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** §11.4 with upload streams: a drain waits for the streams received before its GoAway, and refuses new ones. */
class HbtpDrainStreamsTest {

    private static final int UPLOAD = 5;

    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger aborted = new AtomicInteger();

    private EmbeddedChannel channel() {
        HbtpStreamReceiver receiver = new HbtpStreamReceiver(8, HbtpRouteTable.builder().upload(UPLOAD, (ch, seq, args) -> new HbtpStreamConsumer() {
            @Override
            public void onOpen(HbtpStreamSubscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onChunk(ByteBuf chunk) {
            }

            @Override
            public void onEnd(ByteBuf data) {
                ended.incrementAndGet();
            }

            @Override
            public void onAbort() {
                aborted.incrementAndGet();
            }
        }).build());
        return new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), receiver,
                new HbtpRouter(HbtpRouteTable.builder().build()));
    }

    private static ByteBuf wire(HbtpFrame... frames) {
        EmbeddedChannel enc = new EmbeddedChannel(new HbtpServerCodec());
        for (HbtpFrame f : frames) {
            enc.writeOutbound(f);
        }
        ByteBuf b = HbtpTestSupport.drainOutbound(enc);
        enc.finishAndReleaseAll();
        try {
            return HbtpTestSupport.pooled(ByteBufUtil.getBytes(b));
        } finally {
            b.release();
        }
    }

    private static HbtpFrame start(int seq) {
        return HbtpFrame.rpcStreamStart(PooledByteBufAllocator.DEFAULT, seq, UPLOAD, HbtpMetadata.EMPTY,
                HbtpTestSupport.pooledBuffer());
    }

    private static HbtpFrame chunk(int seq) {
        return HbtpFrame.rpcStreamChunk(seq, HbtpTestSupport.pooled("data"));
    }

    private static HbtpFrame end(int seq) {
        return HbtpFrame.rpcStreamEnd(PooledByteBufAllocator.DEFAULT, seq, HbtpMetadata.EMPTY, HbtpTestSupport.pooledBuffer());
    }

    /** Decodes and releases what the server wrote; returns "OPCODE/seq/code" per frame. */
    private static List<String> written(EmbeddedChannel ch) {
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        List<HbtpFrame> frames = HbtpTestSupport.decodeAll(ByteBufUtil.getBytes(out), new HbtpCodecConfig(), false);
        out.release();
        try {
            return frames.stream().map(f -> f.type() + "/" + f.sequence() + "/" + f.errorCode()).toList();
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }

    @Test
    void theDrainWaitsForAnOpenUploadAndRefusesNewOnes() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(wire(start(10), chunk(10)));
        ch.pipeline().get(HbtpRouter.class).drain(60_000);
        assertThat(written(ch)).containsExactly("GO_AWAY/0/12");
        ch.writeInbound(wire(start(11)));
        assertThat(written(ch)).containsExactly("RPC_ERROR/11/12"); // SHUTTING_DOWN, no stream opened
        assertThat(ch.isOpen()).isTrue(); // upload 10 is still open
        ch.writeInbound(wire(end(10)));
        ch.runPendingTasks();
        assertThat(ended.get()).isEqualTo(1);
        assertThat(written(ch)).containsExactly("CLOSE/0/12");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void whenTheGraceIsOverOpenUploadsEndShuttingDown() throws Exception {
        EmbeddedChannel ch = channel();
        ch.writeInbound(wire(start(20), chunk(20)));
        assertThat(ch.pipeline().get(HbtpStreamReceiver.class).openStreams()).isEqualTo(1);
        ch.pipeline().get(HbtpRouter.class).drain(1);
        Thread.sleep(20);
        ch.runScheduledPendingTasks();
        assertThat(written(ch)).containsExactly("GO_AWAY/0/12", "RPC_ERROR/20/12", "CLOSE/0/12");
        assertThat(aborted.get()).isEqualTo(1);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
