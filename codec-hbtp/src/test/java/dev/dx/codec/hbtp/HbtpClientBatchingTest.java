package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * §12: the pipeline {@link HbtpClient#initPipeline} builds seals frames flushed together into one Batch
 * when the client's configured peer speaks HBTP/1.1 (the default), and never for an HBTP/1 peer.
 */
class HbtpClientBatchingTest {

    private static int firstOpcodeAfterTwoPings(HbtpClientConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel();
        HbtpClient.initPipeline(ch.pipeline(), config);
        HbtpTestSupport.installLoopbackKeys(ch);
        ch.write(HbtpFrame.ping(1, HbtpTestSupport.pooled("a")));
        ch.write(HbtpFrame.ping(2, HbtpTestSupport.pooled("b")));
        ch.flush();
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            return out.getUnsignedByte(0);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void anEncryptedClientOfAnHbtp11PeerBatchesWhatOneFlushSends() {
        assertThat(firstOpcodeAfterTwoPings(new HbtpClientConfig())).isEqualTo(HbtpOpcode.BATCH.code());
    }

    @Test
    void anHbtp1PeerGetsTheFramesOneByOne() {
        assertThat(firstOpcodeAfterTwoPings(new HbtpClientConfig().peerVersion(HbtpVersion.V1)))
                .isEqualTo(HbtpOpcode.PING.code());
    }
}
