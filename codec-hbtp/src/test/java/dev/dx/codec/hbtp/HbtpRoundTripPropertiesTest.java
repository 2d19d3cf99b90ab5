package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of spec §2-§6 checked over random frames. */
class HbtpRoundTripPropertiesTest {

    @Test
    void headerIsAlwaysEightBytesAndReadsBackWhatWasWritten() {
        // §2: the header is exactly 8 bytes; absolute little-endian fields.
        qt().withExamples(2000).forAll(integers().between(0, 255), integers().between(0, 255),
                integers().between(0, 0xFFFF), integers().allPositive())
                .checkAssert((op, flags, seq, len) -> {
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                    try {
                        b.writeByte(0x5A);
                        HbtpHeader.write(b, op, flags, seq, len);
                        assertThat(b.readableBytes()).isEqualTo(1 + HbtpHeader.SIZE);
                        HbtpHeader h = new HbtpHeader().wrap(b, 1);
                        assertThat(h.opcode()).isEqualTo(op);
                        assertThat(h.flags()).isEqualTo(flags);
                        assertThat(h.sequence()).isEqualTo(seq);
                        assertThat(h.length()).isEqualTo(len.longValue());
                        assertThat(b.getByte(0)).isEqualTo((byte) 0x5A);
                    } finally {
                        b.release();
                    }
                });
    }

    @Test
    void encodeThenDecodeRoundTripsEveryPipelineCombination() {
        // §5/§6: plaintext → zstd → AEAD → CRC32C and back, for every combination that §3 allows.
        qt().withExamples(600).forAll(integers().between(0, 255), integers().between(0, 0xFFFF),
                integers().between(0, 31), integers().between(0, 3000))
                .checkAssert((op, seq, mode, len) -> {
                    if (op == HbtpOpcode.BATCH.code()) {
                        return; // §12: a Batch's body is frames; HbtpBatchPropertiesTest covers it
                    }
                    boolean compress = (mode & 1) != 0;
                    boolean encrypt = (mode & 2) != 0;
                    boolean checksum = (mode & 4) != 0 && !encrypt;
                    int appFlags = ((mode & 8) != 0 ? HbtpFlags.EXPECTS_RESPONSE : 0)
                            | ((mode & 16) != 0 ? HbtpFlags.FINAL : 0);
                    HbtpOpcode type = HbtpOpcode.of(op);
                    int n = len;
                    if (type != null) {
                        n = Math.max(n, type.fixedBodyLength());
                        if (type == HbtpOpcode.PING) {
                            n = Math.min(n, HbtpOpcode.MAX_PING_BODY);
                        }
                    }
                    byte[] body = body(new Random(op * 31L + seq * 7L + len), n, (seq & 1) == 0);
                    int flags = appFlags | (compress ? HbtpFlags.COMPRESSED : 0)
                            | (checksum ? HbtpFlags.HAS_CHECKSUM : 0) | (encrypt ? HbtpFlags.ENCRYPTED : 0);
                    HbtpCodecConfig config = new HbtpCodecConfig().compressionThreshold(0);
                    byte[] wire = HbtpTestSupport.encode(config,
                            new HbtpFrame(op, flags, seq, HbtpTestSupport.pooled(body)), encrypt);
                    int wireFlags = wire[1] & 0xFF;
                    assertThat(wire.length - HbtpHeader.SIZE).isEqualTo(
                            (int) (Byte.toUnsignedLong(wire[4]) | Byte.toUnsignedLong(wire[5]) << 8
                                    | Byte.toUnsignedLong(wire[6]) << 16 | Byte.toUnsignedLong(wire[7]) << 24));
                    assertThat(wireFlags & HbtpFlags.ENCRYPTED).isEqualTo(encrypt ? HbtpFlags.ENCRYPTED : 0);
                    assertThat(wireFlags & HbtpFlags.COMPRESSED).isEqualTo(compress ? HbtpFlags.COMPRESSED : 0);
                    assertThat(wireFlags & HbtpFlags.HAS_CHECKSUM).isEqualTo(checksum ? HbtpFlags.HAS_CHECKSUM : 0);
                    List<HbtpFrame> frames = HbtpTestSupport.decodeAll(wire, config, encrypt);
                    try {
                        assertThat(frames).hasSize(1);
                        HbtpFrame f = frames.get(0);
                        assertThat(f.opcode()).isEqualTo(op);
                        assertThat(f.sequence()).isEqualTo(seq);
                        assertThat(f.flags()).isEqualTo(wireFlags);
                        assertThat(f.flags() & ~HbtpFlags.BODY_PIPELINE_MASK).isEqualTo(appFlags);
                        assertThat(ByteBufUtil.getBytes(f.content())).isEqualTo(body);
                    } finally {
                        frames.forEach(HbtpFrame::release);
                    }
                });
    }

    @Test
    void automaticCompressionOnlyAboveThresholdAndOnlyWhenSmaller() {
        // §5: a sender compresses only above the threshold and only when that makes the body smaller.
        qt().withExamples(200).forAll(integers().between(0, 4000), integers().between(0, 1))
                .checkAssert((len, compressible) -> {
                    byte[] body = body(new Random(len), len, compressible == 1);
                    HbtpCodecConfig config = new HbtpCodecConfig().compressionThreshold(1024);
                    byte[] wire = HbtpTestSupport.encode(config,
                            new HbtpFrame(HbtpOpcode.BINARY_BLOB, 0, 1, HbtpTestSupport.pooled(body)), false);
                    boolean compressed = (wire[1] & HbtpFlags.COMPRESSED) != 0;
                    if (len < 1024) {
                        assertThat(compressed).isFalse();
                    }
                    if (compressed) {
                        assertThat(wire.length - 8).isLessThan(len);
                    } else {
                        assertThat(wire.length - 8).isEqualTo(len);
                    }
                    if (len >= 1024 && compressible == 1) {
                        assertThat(compressed).isTrue();
                    }
                });
    }

    static byte[] body(Random r, int n, boolean compressible) {
        byte[] b = new byte[n];
        if (compressible) {
            for (int i = 0; i < n; i++) {
                b[i] = (byte) ("hbtp-body-".charAt(i % 10) + (i / 997));
            }
        } else {
            r.nextBytes(b);
        }
        return b;
    }
}
