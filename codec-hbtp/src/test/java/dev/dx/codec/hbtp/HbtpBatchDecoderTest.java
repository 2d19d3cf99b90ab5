package dev.dx.codec.hbtp;

import static dev.dx.codec.hbtp.HbtpHostileInputTest.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.luben.zstd.Zstd;
import dev.dx.codec.hbtp.HbtpHostileInputTest.Events;
import dev.dx.codec.hbtp.internal.FrameCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §12 on the receiving side: every rule of a Batch, with hostile batches, every buffer released. */
class HbtpBatchDecoderTest {

    private static final byte[] A = {'a'};

    private static EmbeddedChannel channel(HbtpCodecConfig config, Events events) {
        return new EmbeddedChannel(new HbtpServerCodec(config), new HbtpControlHandler(), events);
    }

    /** Frames laid end to end. */
    static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** A plaintext Batch of {@code inner} frames with the given own flags and sequence. */
    static byte[] batch(int flags, int sequence, byte[]... inner) {
        return frame(HbtpOpcode.BATCH.code(), flags, sequence, concat(inner));
    }

    static byte[] pong(int sequence, byte[] body) {
        return frame(HbtpOpcode.PONG.code(), 0, sequence, body);
    }

    /** A Batch sealed with the loopback key at counter 0 ({@link HbtpTestSupport#installLoopbackKeys}). */
    static byte[] sealedBatch(byte[] body) {
        ByteBuf out = HbtpTestSupport.pooledBuffer();
        ByteBuf plain = HbtpTestSupport.pooled(body);
        try {
            HbtpHeader.write(out, HbtpOpcode.BATCH.code(), HbtpFlags.ENCRYPTED, 0, body.length + FrameCipher.TAG_LENGTH);
            new FrameCipher(HbtpTestSupport.KEY_A).seal(out.getLongLE(0), plain, 0, body.length, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            plain.release();
        }
    }

    /** Feeds {@code input} and asserts a fatal {@code code} whose message contains {@code words}. */
    private static void assertFatal(byte[] input, HbtpCodecConfig config, HbtpErrorCode code, String words) {
        Events events = new Events();
        EmbeddedChannel ch = channel(config, events);
        ch.writeInbound(HbtpTestSupport.pooled(input));
        assertThat(events.errors).hasSize(1);
        assertThat(events.errors.get(0).errorCode()).isEqualTo(code);
        assertThat(events.errors.get(0).cause().getMessage()).contains(words);
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            assertThat(out.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.CLOSE.code());
            assertThat(out.getUnsignedShortLE(8)).isEqualTo(code.code());
        } finally {
            out.release();
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(HbtpTestSupport.drainInbound(ch)).as("nothing of a bad Batch is passed on").isEmpty();
        assertFalse(ch.finish());
    }

    private static void assertBadFrame(byte[] input, String words) {
        assertFatal(input, new HbtpCodecConfig(), HbtpErrorCode.BAD_FRAME, words);
    }

    /** Decodes {@code input} on a channel with no control handler and returns what came out. */
    private static List<HbtpFrame> decode(byte[] input, HbtpCodecConfig config, boolean keys) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        if (keys) {
            HbtpTestSupport.installLoopbackKeys(ch);
        }
        ch.writeInbound(HbtpTestSupport.pooled(input));
        List<HbtpFrame> frames = HbtpTestSupport.drainInbound(ch).stream().map(o -> (HbtpFrame) o).toList();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
        return frames;
    }

    private static String text(HbtpFrame f) {
        return f.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void innerFramesComeOutInOrderAsIfAlone() {
        // §12: handled in order, exactly as if they had arrived one by one.
        byte[] call = frame(HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE, 9, new byte[] {7, 0, 'x'});
        List<HbtpFrame> frames = decode(batch(0, 0, pong(1, A), call, frame(0x51, HbtpFlags.FINAL, 3,
                new byte[12])), new HbtpCodecConfig(), false);
        try {
            assertThat(frames).extracting(HbtpFrame::opcode).containsExactly(0x01, 0x30, 0x51);
            assertThat(frames).extracting(HbtpFrame::sequence).containsExactly(1, 9, 3);
            assertThat(frames).extracting(HbtpFrame::flags).containsExactly(0, HbtpFlags.EXPECTS_RESPONSE,
                    HbtpFlags.FINAL);
            assertThat(frames.get(1).route()).isEqualTo(7);
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }

    @Test
    void innerCompressedBodyIsDecompressedOnItsOwn() {
        byte[] plain = "compressed inside a batch ".repeat(20).getBytes(StandardCharsets.UTF_8);
        byte[] inner = frame(HbtpOpcode.BINARY_BLOB.code(), HbtpFlags.COMPRESSED, 4, Zstd.compress(plain));
        List<HbtpFrame> frames = decode(batch(0, 0, pong(1, A), inner), new HbtpCodecConfig(), false);
        try {
            assertThat(frames).hasSize(2);
            assertThat(ByteBufUtil.getBytes(frames.get(1).content())).isEqualTo(plain);
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }

    @Test
    void batchWithItsOwnChecksumAndCompression() {
        // §12: the Batch's own COMPRESSED / HAS_CHECKSUM apply to its whole body (§5).
        byte[] body = concat(pong(1, A), pong(2, new byte[] {'b'}));
        byte[] compressed = frame(HbtpOpcode.BATCH.code(), HbtpFlags.COMPRESSED, 0, Zstd.compress(body));
        List<HbtpFrame> frames = decode(compressed, new HbtpCodecConfig(), false);
        try {
            assertThat(frames).extracting(HbtpBatchDecoderTest::text).containsExactly("a", "b");
        } finally {
            frames.forEach(HbtpFrame::release);
        }
        byte[] checksummed = HbtpTestSupport.encode(new HbtpCodecConfig().checksumOnSend(true),
                new HbtpFrame(HbtpOpcode.BATCH, 0, 0, HbtpTestSupport.pooled(body)), false);
        assertThat(checksummed[1]).isEqualTo((byte) HbtpFlags.HAS_CHECKSUM);
        frames = decode(checksummed, new HbtpCodecConfig(), false);
        try {
            assertThat(frames).extracting(HbtpBatchDecoderTest::text).containsExactly("a", "b");
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }

    @Test
    void innerFrameRunningPastTheEndIsBadFrame() {
        byte[] body = concat(pong(1, A), new byte[] {0x01, 0, 2, 0, 40, 0, 0, 0}, new byte[12]);
        assertBadFrame(frame(HbtpOpcode.BATCH.code(), 0, 0, body),
                "inner frame 2 of the Batch runs past its end: length 40, 12 bytes left");
    }

    @Test
    void truncatedInnerHeaderIsBadFrame() {
        byte[] body = concat(pong(1, A), new byte[] {0x01, 0, 2, 0, 0});
        assertBadFrame(frame(HbtpOpcode.BATCH.code(), 0, 0, body),
                "inner frame 2 of the Batch has a truncated header: 5 of 8 bytes");
    }

    @Test
    void encryptedInnerFrameIsBadFrame() {
        assertBadFrame(batch(0, 0, pong(1, A), frame(0x01, HbtpFlags.ENCRYPTED, 2, new byte[16])),
                "inner frame 2 of the Batch is ENCRYPTED");
    }

    @Test
    void checksummedInnerFrameIsBadFrame() {
        assertBadFrame(batch(0, 0, frame(0x01, HbtpFlags.HAS_CHECKSUM, 2, new byte[] {'a', 1, 2, 3, 4})),
                "inner frame 1 of the Batch has HAS_CHECKSUM");
    }

    @Test
    void reservedBitsOnAnInnerFrameAreBadFrame() {
        assertBadFrame(batch(0, 0, frame(0x01, 0x40, 2, A)), "inner frame 1 of the Batch has reserved flag bits");
    }

    @Test
    void nestedBatchIsBadFrame() {
        assertBadFrame(batch(0, 0, pong(1, A), batch(0, 0, pong(2, A))), "inner frame 2 of the Batch is itself a Batch");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x60, 0x61, 0x62, 0x63})
    void handshakeFrameInsideABatchIsBadFrame(int opcode) {
        assertBadFrame(batch(0, 0, frame(opcode, 0, 0, new byte[] {0, 0})),
                "inner frame 1 of the Batch is handshake frame 0x" + Integer.toHexString(opcode));
    }

    @Test
    void emptyBatchIsBadFrame() {
        assertBadFrame(batch(0, 0), "empty Batch");
    }

    @Test
    void batchWithASequenceIsBadFrame() {
        assertBadFrame(batch(0, 5, pong(1, A)), "Batch with sequence 5");
    }

    @ParameterizedTest
    @ValueSource(ints = {HbtpFlags.EXPECTS_RESPONSE, HbtpFlags.FINAL, HbtpFlags.HAS_METADATA})
    void batchWithItsOwnCallFlagsIsBadFrame(int flag) {
        assertBadFrame(batch(flag, 0, pong(1, A)), "Batch with " + HbtpFlags.toString(flag));
    }

    @Test
    void batchAtExactlyTheMaximumLengthIsAcceptedAndOneByteOverIsTooLarge() {
        // §12 → §2: a Batch's length is limited like any frame's.
        byte[] exact = batch(0, 0, pong(1, A), frame(HbtpOpcode.BINARY_BLOB.code(), 0, 2, new byte[15]));
        int length = exact.length - HbtpHeader.SIZE;
        HbtpCodecConfig config = new HbtpCodecConfig().maxFrameLength(length);
        List<HbtpFrame> frames = decode(exact, config, false);
        try {
            assertThat(frames).hasSize(2);
        } finally {
            frames.forEach(HbtpFrame::release);
        }
        byte[] over = batch(0, 0, pong(1, A), frame(HbtpOpcode.BINARY_BLOB.code(), 0, 2, new byte[16]));
        assertFatal(over, config, HbtpErrorCode.TOO_LARGE, "frame length " + (length + 1) + " exceeds " + length);
    }

    @Test
    void innerBodiesThatDecompressPastTheMaximumTogetherAreRefused() {
        // Each inner frame fits alone (600 of 1000 bytes), together they do not: a Batch never expands
        // past what one frame could.
        byte[] big = frame(HbtpOpcode.BINARY_BLOB.code(), HbtpFlags.COMPRESSED, 1, Zstd.compress(new byte[600]));
        assertFatal(batch(0, 0, big, big), new HbtpCodecConfig().maxFrameLength(1000),
                HbtpErrorCode.DECOMPRESSION_FAILED, "inner frame 2 of the Batch: zstd content size 600 above the maximum 400");
    }

    @Test
    void innerFrameShorterThanItsFixedFieldsIsBadFrameAndNothingBeforeItIsPassedOn() {
        assertBadFrame(batch(0, 0, pong(1, A), frame(HbtpOpcode.RPC_CALL.code(), 0, 2, new byte[] {7})),
                "inner frame 2 of the Batch: RPC_CALL body of 1 bytes is shorter than its 2 fixed bytes");
    }

    @Test
    void innerFrameWithAnUnknownOpcodeGoesToTheControlHandler() {
        // Decided: as if it had arrived alone, so §4's rule applies (RpcError UNKNOWN_OPCODE, no close).
        Events events = new Events();
        EmbeddedChannel ch = channel(new HbtpCodecConfig(), events);
        ch.writeInbound(HbtpTestSupport.pooled(batch(0, 0, frame(0x77, HbtpFlags.EXPECTS_RESPONSE, 0x4242, A))));
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            assertThat(out.getUnsignedByte(0)).isEqualTo((short) HbtpOpcode.RPC_ERROR.code());
            assertThat(out.getUnsignedShortLE(2)).isEqualTo(0x4242);
            assertThat(out.getUnsignedShortLE(8)).isEqualTo(HbtpErrorCode.UNKNOWN_OPCODE.code());
        } finally {
            out.release();
        }
        assertThat(events.errors).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void plaintextBatchCarriesNoApplicationFrameWhereEncryptionIsRequired() {
        // §12 + §6: inner frames of a plaintext Batch are plaintext frames.
        byte[] call = frame(HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE, 9, new byte[] {7, 0});
        assertFatal(batch(0, 0, pong(1, A), call), new HbtpCodecConfig().encryptionRequired(true),
                HbtpErrorCode.UNAUTHORIZED, "inner frame 2 of a plaintext Batch");
        List<HbtpFrame> pongs = decode(batch(0, 0, pong(1, A)), new HbtpCodecConfig().encryptionRequired(true), false);
        try {
            assertThat(pongs).hasSize(1);
        } finally {
            pongs.forEach(HbtpFrame::release);
        }
    }

    @Test
    void innerFramesOfAnEncryptedBatchCountAsEncrypted() {
        byte[] call = frame(HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE, 9, new byte[] {7, 0, 'x'});
        byte[] input = sealedBatch(concat(call, pong(1, A)));
        List<HbtpFrame> frames = decode(input, new HbtpCodecConfig().encryptionRequired(true), true);
        try {
            assertThat(frames).extracting(HbtpFrame::opcode).containsExactly(0x30, 0x01);
            assertThat(frames).allMatch(f -> f.hasFlag(HbtpFlags.ENCRYPTED));
            assertThat(frames.get(0).arguments().toString(StandardCharsets.UTF_8)).isEqualTo("x");
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }

    @Test
    void encryptedBatchObeysTheInnerRulesToo() {
        Events events = new Events();
        EmbeddedChannel ch = channel(new HbtpCodecConfig(), events);
        HbtpTestSupport.installLoopbackKeys(ch);
        ch.writeInbound(HbtpTestSupport.pooled(sealedBatch(concat(pong(1, A), batch(0, 0, pong(2, A))))));
        assertThat(events.errors).hasSize(1);
        assertThat(events.errors.get(0).cause().getMessage()).contains("inner frame 2 of the Batch is itself a Batch");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void innerMetadataAboveTheLimitFailsJustThatCall() {
        // §11.1 applies to an inner frame as to a lone one: the answer becomes RpcError RESOURCE_EXHAUSTED.
        HbtpMetadata big = HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, 5L);
        HbtpFrame response = HbtpFrame.rpcResponse(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 3, big,
                HbtpTestSupport.pooled("r"));
        byte[] inner = HbtpTestSupport.encode(new HbtpCodecConfig(), response, false);
        List<HbtpFrame> frames = decode(batch(0, 0, pong(1, A), inner), new HbtpCodecConfig().maxMetadataLength(4), false);
        try {
            assertThat(frames).extracting(HbtpFrame::opcode).containsExactly(0x01, HbtpOpcode.RPC_ERROR.code());
            assertThat(frames.get(1).sequence()).isEqualTo(3);
            assertThat(frames.get(1).errorCode()).isEqualTo(HbtpErrorCode.RESOURCE_EXHAUSTED.code());
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }
}
