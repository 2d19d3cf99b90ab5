package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HbtpEncoder} as a pipeline member: one buffer per frame with the frame's promise, other
 * messages passed through, and a frame it cannot encode released with its promise failed (§2, §3).
 */
class HbtpEncoderTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new HbtpEncoder());
    }

    @Test
    void writesOneBufferPerFrameWithTheFramesPromiseAndReleasesTheFrame() {
        EmbeddedChannel ch = channel();
        ByteBuf body = HbtpTestSupport.pooled(new byte[] {1, 2, 3});
        HbtpFrame frame = new HbtpFrame(HbtpOpcode.RPC_RESPONSE, HbtpFlags.FINAL, 0x0102, body);

        ChannelFuture written = ch.writeAndFlush(frame);

        assertThat(written.isSuccess()).isTrue();
        assertThat(body.refCnt()).isZero();
        ByteBuf out = ch.readOutbound();
        try {
            // §2: opcode, flags, sequence (LE), length (LE), then the body
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(
                    String.format("%02x%02x0201", HbtpOpcode.RPC_RESPONSE.code(), HbtpFlags.FINAL) + "03000000" + "010203");
        } finally {
            out.release();
        }
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aLargeBodyIsComposedBehindTheHeaderNotCopied() {
        EmbeddedChannel ch = channel();
        byte[] bytes = new byte[HbtpEncoder.COPY_THRESHOLD + 1];
        Arrays.fill(bytes, (byte) 7);
        ByteBuf body = HbtpTestSupport.pooled(bytes);
        ch.writeAndFlush(new HbtpFrame(HbtpOpcode.RPC_RESPONSE, 0, 5, body));

        ByteBuf out = ch.readOutbound();
        try {
            assertThat(out).isInstanceOf(CompositeByteBuf.class);
            // the frame's reference is gone; the composite holds the body's only one
            assertThat(body.refCnt()).isEqualTo(1);
            assertThat(out.readableBytes()).isEqualTo(HbtpHeader.SIZE + bytes.length);
            // not a copy: a change to the body shows through
            body.setByte(0, 42);
            assertThat(out.getByte(HbtpHeader.SIZE)).isEqualTo((byte) 42);
        } finally {
            out.release();
        }
        assertThat(body.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void passesOtherMessagesThroughUntouched() {
        EmbeddedChannel ch = channel();
        ByteBuf raw = HbtpTestSupport.pooled(new byte[] {9, 9});
        assertThat(ch.writeOutbound(raw)).isTrue();
        ByteBuf out = ch.readOutbound();
        assertThat(out).isSameAs(raw);
        assertThat(raw.refCnt()).isEqualTo(1);
        out.release();
        assertThat(ch.finish()).isFalse();
    }

    /** 0x40: the lowest reserved flag bit (§3, HBTP/1.1); 0x02: ENCRYPTED with no keys installed (§6). */
    @ParameterizedTest
    @CsvSource({"64, reserved flag bits set", "2, before the handshake installed keys"})
    void aFrameItCannotEncodeFailsItsPromiseIsReleasedAndNothingIsWritten(int flags, String problem) {
        EmbeddedChannel ch = channel();
        ByteBuf body = HbtpTestSupport.pooled(new byte[] {1, 2});

        ChannelFuture written = ch.writeAndFlush(new HbtpFrame(HbtpOpcode.RPC_CALL, flags, 2, body));

        assertThat(written.cause()).isInstanceOf(EncoderException.class).hasMessageContaining(problem);
        assertThat(body.refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isActive()).isTrue();
        assertThat(ch.finish()).isFalse();
    }
}
