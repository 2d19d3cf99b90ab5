package dev.dx.codec.hbtp;

import static dev.dx.codec.hbtp.HbtpTestSupport.decodeAll;
import static dev.dx.codec.hbtp.HbtpTestSupport.encode;
import static dev.dx.codec.hbtp.HbtpTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.testing.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §10, §11.5 and §12: every hex example decodes to the right frame and encodes to exactly those bytes. */
class HbtpSpecExamplesTest {

    private static final HbtpCodecConfig CONFIG = new HbtpCodecConfig();

    private static void check(String hex, HbtpFrame expected) {
        byte[] bytes = hex(hex);
        List<HbtpFrame> decoded = decodeAll(bytes, CONFIG, false);
        try {
            assertThat(decoded).hasSize(1);
            HbtpFrame f = decoded.get(0);
            assertThat(f.opcode()).isEqualTo(expected.opcode());
            assertThat(f.flags()).isEqualTo(expected.flags());
            assertThat(f.sequence()).isEqualTo(expected.sequence());
            assertThat(ByteBufUtil.getBytes(f.content())).isEqualTo(ByteBufUtil.getBytes(expected.content()));
        } finally {
            decoded.forEach(HbtpFrame::release);
        }
        assertThat(HbtpTestSupport.spaced(encode(CONFIG, expected, false))).isEqualTo(hex);
    }

    @Test
    void pingSequence1() {
        check("00 00 01 00 02 00 00 00 68 69",
                HbtpFrame.ping(1, HbtpTestSupport.pooled("hi")));
    }

    @Test
    void rpcCallRoute7() {
        check("30 04 34 12 05 00 00 00 07 00 61 62 63",
                HbtpFrame.rpcCall(UnpooledByteBufAllocator.DEFAULT, 0x1234, 7,
                        HbtpTestSupport.pooled("abc")));
    }

    @Test
    void rpcErrorRouteNotFound() {
        check("32 00 34 12 0c 00 00 00 04 00 6e 6f 20 72 6f 75 74 65 20 37",
                HbtpFrame.rpcError(UnpooledByteBufAllocator.DEFAULT, 0x1234,
                        HbtpErrorCode.ROUTE_NOT_FOUND.code(), "no route 7"));
    }

    @Test
    void pingWithChecksum() {
        check("00 10 02 00 06 00 00 00 68 69 c2 d9 9d f5",
                new HbtpFrame(HbtpOpcode.PING, HbtpFlags.HAS_CHECKSUM, 2,
                        HbtpTestSupport.pooled("hi")));
    }

    /** §11.5: RpcCall 0x1234, EXPECTS_RESPONSE | HAS_METADATA, hbtp-timeout = 250 ms, route 7, "abc". */
    @Test
    void spec11RpcCallWithTimeoutMetadata() {
        String hex = "30 24 34 12 19 00 00 00 01 0c 68 62 74 70 2d 74 69 6d 65 6f 75 74 04 00 fa 00 00 00 07 00 61 62 63";
        HbtpFrame call = HbtpFrame.rpcCall(UnpooledByteBufAllocator.DEFAULT, 0x1234, 7,
                HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, 250L), HbtpTestSupport.pooled("abc"));
        check(hex, call);
        List<HbtpFrame> decoded = decodeAll(hex(hex), CONFIG, false);
        try {
            HbtpFrame f = decoded.get(0);
            assertThat(f.metadata().get(HbtpMetadataKey.TIMEOUT)).isEqualTo(250L);
            assertThat(f.timeoutMillis()).isEqualTo(250L);
            assertThat(f.metadataLength()).isEqualTo(20);
            assertThat(f.route()).isEqualTo(7);
            assertThat(f.arguments().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        } finally {
            decoded.forEach(HbtpFrame::release);
        }
    }

    /** §11.5: RpcCancel for sequence 0x1234, empty body. */
    @Test
    void spec11RpcCancel() {
        check("36 00 34 12 00 00 00 00", HbtpFrame.rpcCancel(0x1234));
    }

    /** §11.5: RpcError CANCELLED (13) for 0x1234, message "cancelled". */
    @Test
    void spec11RpcErrorCancelled() {
        check("32 00 34 12 0b 00 00 00 0d 00 63 61 6e 63 65 6c 6c 65 64",
                HbtpFrame.rpcError(UnpooledByteBufAllocator.DEFAULT, 0x1234, HbtpErrorCode.CANCELLED.code(), "cancelled"));
    }

    /** §11.5: GoAway SHUTTING_DOWN (12), reason "bye". */
    @Test
    void spec11GoAway() {
        check("03 00 00 00 05 00 00 00 0c 00 62 79 65",
                HbtpFrame.goAway(UnpooledByteBufAllocator.DEFAULT, HbtpErrorCode.SHUTTING_DOWN.code(), "bye"));
    }

    @Test
    void headerIsEightBytesLittleEndian() {
        io.netty.buffer.ByteBuf b = HbtpTestSupport.pooledBuffer();
        try {
            HbtpHeader.write(b, 0x30, 0x04, 0x1234, 5);
            assertThat(HbtpHeader.SIZE).isEqualTo(8);
            assertThat(b.readableBytes()).isEqualTo(8);
            assertThat(ByteBufUtil.hexDump(b)).isEqualTo("3004341205000000");
            HbtpHeader h = new HbtpHeader().wrap(b, 0);
            assertThat(h.opcode()).isEqualTo(0x30);
            assertThat(h.flags()).isEqualTo(0x04);
            assertThat(h.sequence()).isEqualTo(0x1234);
            assertThat(h.length()).isEqualTo(5);
            assertThat(b.readerIndex()).isZero();
        } finally {
            b.release();
        }
    }

    /** §12: a Batch of Pong (sequence 1, "a") and Pong (sequence 2, "b"), from the golden vector. */
    @Test
    void spec12BatchOfTwoPongs() {
        byte[] golden = GoldenVectors.hex("hbtp/batch-two-pongs.hex");
        assertThat(HbtpTestSupport.spaced(golden))
                .isEqualTo("04 00 00 00 12 00 00 00 01 00 01 00 01 00 00 00 61 01 00 02 00 01 00 00 00 62");
        List<HbtpFrame> decoded = decodeAll(golden, CONFIG, false);
        try {
            assertThat(decoded).extracting(HbtpFrame::opcode).containsExactly(0x01, 0x01);
            assertThat(decoded).extracting(HbtpFrame::sequence).containsExactly(1, 2);
            assertThat(decoded).extracting(f -> f.content().toString(StandardCharsets.US_ASCII)).containsExactly("a", "b");
        } finally {
            decoded.forEach(HbtpFrame::release);
        }
        // and the encoder batches two Pongs flushed together into exactly these bytes
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(new HbtpCodecConfig()
                .peerVersion(HbtpVersion.V1_1).batchPlaintext(true)));
        ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, 0, 1, HbtpTestSupport.pooled("a")));
        ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, 0, 2, HbtpTestSupport.pooled("b")));
        ch.flush();
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(golden);
        } finally {
            out.release();
        }
        assertFalse(ch.finish());
    }
}
