package dev.dx.codec.hbtp;

import static dev.dx.codec.hbtp.HbtpBatchDecoderTest.concat;
import static dev.dx.codec.hbtp.HbtpBatchDecoderTest.pong;
import static dev.dx.codec.hbtp.HbtpHostileInputTest.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HbtpBatchUnpacker} adds a Batch's inner frames straight to the caller's list (the decoder's
 * output) rather than to a list of its own: after what the list already held, in order, and when a check
 * fails part-way, the frames it added are released and taken out again while the rest stays. Inputs are
 * pooled direct buffers, so the leak detector sees any inner body left behind.
 */
class HbtpBatchUnpackerTest {

    private static final Object EARLIER = "a message decoded before the Batch";

    private final ZstdBodyCodec zstd = new ZstdBodyCodec(3, null);
    private final HbtpBatchUnpacker unpacker = new HbtpBatchUnpacker(zstd, 16 * 1024 * 1024, false);

    @AfterEach
    void close() {
        zstd.close();
    }

    @Test
    void innerFramesFollowWhatTheListAlreadyHeldInOrder() {
        List<Object> out = new ArrayList<>(List.of(EARLIER));
        ByteBuf body = HbtpTestSupport.pooled(concat(pong(1, new byte[] {'a'}), pong(2, new byte[] {'b', 'c'})));

        int count = unpacker.unpack(PooledByteBufAllocator.DEFAULT, body, true, out);

        assertThat(count).isEqualTo(2);
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isSameAs(EARLIER);
        HbtpFrame first = (HbtpFrame) out.get(1);
        HbtpFrame second = (HbtpFrame) out.get(2);
        try {
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(first.flags()).as("an inner frame of an ENCRYPTED Batch carries the flag")
                    .isEqualTo(HbtpFlags.ENCRYPTED);
            assertThat(first.content().toString(StandardCharsets.US_ASCII)).isEqualTo("a");
            assertThat(second.sequence()).isEqualTo(2);
            assertThat(second.content().toString(StandardCharsets.US_ASCII)).isEqualTo("bc");
            assertThat(body.refCnt()).as("held only by the inner bodies").isEqualTo(2);
        } finally {
            first.release();
            second.release();
        }
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void aFailurePartWayTakesOutAndReleasesOnlyTheFramesItAdded() {
        List<Object> out = new ArrayList<>(List.of(EARLIER));
        // the layout is sound; the third inner frame fails its own checks (a Ping body over 125 bytes)
        // once the first two have been built and added
        ByteBuf body = HbtpTestSupport.pooled(concat(pong(1, new byte[] {'a'}), pong(2, new byte[] {'b'}),
                frame(HbtpOpcode.PING.code(), 0, 3, new byte[126])));

        assertThatThrownBy(() -> unpacker.unpack(PooledByteBufAllocator.DEFAULT, body, false, out))
                .isInstanceOf(HbtpException.class)
                .hasMessageContaining("inner frame 3 of the Batch");

        assertThat(out).as("what the list held before, and nothing else").containsExactly(EARLIER);
        assertThat(body.refCnt()).as("the frames added were released with their bodies").isZero();
    }
}
