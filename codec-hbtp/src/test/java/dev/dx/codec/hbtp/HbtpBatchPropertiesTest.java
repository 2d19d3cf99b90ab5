package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Spec §12 as a property: frames batched at random points are handled exactly as the same frames sent alone. */
class HbtpBatchPropertiesTest {

    private static final int[] OPCODES = {0x00, 0x01, 0x30, 0x31, 0x32, 0x34, 0x41, 0x50, 0x51, 0x77, 0xEE};

    /** One frame to send: opcode, application flags, sequence, body. */
    private record Spec(int opcode, int flags, int sequence, byte[] body) {
        HbtpFrame frame() {
            return new HbtpFrame(opcode, flags, sequence, HbtpTestSupport.pooled(body));
        }
    }

    private static List<Spec> frames(Random r) {
        List<Spec> specs = new ArrayList<>();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int opcode = OPCODES[r.nextInt(OPCODES.length)];
            HbtpOpcode op = HbtpOpcode.of(opcode);
            int length = r.nextInt(8) == 0 ? 1000 + r.nextInt(2000) : r.nextInt(60);
            if (op != null) {
                length = Math.max(length, op.fixedBodyLength());
                if (op == HbtpOpcode.PING) {
                    length = Math.min(length, HbtpOpcode.MAX_PING_BODY);
                }
            }
            byte[] body = new byte[length];
            boolean compressible = r.nextBoolean();
            for (int j = 0; j < length; j++) {
                body[j] = compressible ? (byte) ('a' + j % 7) : (byte) r.nextInt(256);
            }
            int flags = (r.nextBoolean() ? HbtpFlags.EXPECTS_RESPONSE : 0) | (r.nextBoolean() ? HbtpFlags.FINAL : 0)
                    | (r.nextInt(6) == 0 ? HbtpFlags.COMPRESSED : 0);
            specs.add(new Spec(opcode, flags, r.nextInt(0x10000), body));
        }
        return specs;
    }

    /** Sends {@code specs} through an encoder, flushing after frame i when {@code flushAfter[i]}. */
    private static byte[] send(List<Spec> specs, boolean[] flushAfter, HbtpCodecConfig config, boolean encrypted) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        if (encrypted) {
            HbtpTestSupport.installLoopbackKeys(ch);
        }
        for (int i = 0; i < specs.size(); i++) {
            ch.write(specs.get(i).frame());
            if (flushAfter[i]) {
                ch.flush();
            }
        }
        ch.flush();
        ByteBuf out = HbtpTestSupport.drainOutbound(ch);
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    /** What a receiver passes on for {@code wire}: one line per frame (opcode, flags, sequence, body). */
    private static List<String> received(byte[] wire, boolean encrypted) {
        List<String> lines = new ArrayList<>();
        for (HbtpFrame f : HbtpTestSupport.decodeAll(wire, new HbtpCodecConfig(), encrypted)) {
            lines.add(f.opcode() + "/" + HbtpFlags.toString(f.flags()) + "/" + f.sequence() + "/"
                    + HexFormat.of().formatHex(ByteBufUtil.getBytes(f.content())));
            f.release();
        }
        return lines;
    }

    @Test
    void framesBatchedAtRandomPointsAreHandledAsTheSameFramesAlone() {
        qt().withExamples(100).forAll(longs().all(), integers().between(0, 1)).checkAssert((seed, mode) -> {
            boolean encrypted = mode == 1;
            Random r = new Random(seed);
            List<Spec> specs = frames(r);
            boolean[] everyFrame = new boolean[specs.size()];
            boolean[] randomly = new boolean[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
                everyFrame[i] = true;
                randomly[i] = r.nextInt(3) == 0;
            }
            byte[] alone = send(specs, everyFrame, new HbtpCodecConfig(), encrypted);
            byte[] batched = send(specs, randomly, new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1)
                    .batchPlaintext(true), encrypted);
            List<String> expected = received(alone, encrypted);
            assertThat(expected).hasSize(specs.size());
            assertThat(received(batched, encrypted)).isEqualTo(expected);
        });
    }

    @Test
    void aBatchOfSeveralFramesIsSealedOnce() {
        // The point of §12: one AEAD operation for every frame flushed together.
        qt().withExamples(30).forAll(longs().all()).checkAssert(seed -> {
            List<Spec> specs = frames(new Random(seed));
            EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1)));
            HbtpTestSupport.installLoopbackKeys(ch);
            for (Spec s : specs) {
                ch.write(s.frame());
            }
            ch.flush();
            assertThat(HbtpChannelSecurity.of(ch).sender().counter()).isEqualTo(1);
            ch.finishAndReleaseAll();
        });
    }
}
