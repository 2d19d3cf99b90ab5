package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded random-frame fuzzer: valid frames, mutated frames and noise, cut at random boundaries, fed to
 * a server pipeline (codec, control handler, router). Nothing may escape the pipeline as an exception,
 * every fatal error must end in a closed channel, and nothing may leak (the leak extension checks).
 * The default build runs {@code hbtp.fuzz.iterations} = 400 connections; {@code mvn -Pfuzz} runs 200,000.
 */
class HbtpFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("hbtp.fuzz.iterations", 400);
    private static final long SEED = Long.getLong("hbtp.fuzz.seed", 0x4842_5450L);

    /** Fails the run if anything reaches the end of the pipeline unhandled. */
    static final class Tail extends ChannelInboundHandlerAdapter {
        long frames;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames++;
            ((HbtpFrame) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            throw new AssertionError("exception escaped the HBTP pipeline", cause);
        }
    }

    @Test
    void randomFramesNeverEscapeOrLeak() {
        Random r = new Random(SEED);
        HbtpRouteTable routes = HbtpRouteTable.builder()
                .route(1, ex -> ex.respond(ex.arguments().retain()))
                .route(2, ex -> {
                    throw new IllegalStateException("boom");
                })
                .route(3, ex -> ex.fail(HbtpErrorCode.RATE_LIMITED, "slow down"))
                .build();
        long closed = 0;
        long frames = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Tail tail = new Tail();
            EmbeddedChannel ch = new EmbeddedChannel(
                    new HbtpServerCodec(new HbtpCodecConfig().maxFrameLength(1 << 16).checksumOnSend(r.nextBoolean())),
                    new HbtpControlHandler(), new HbtpRouter(routes), tail);
            ByteBuf stream = Unpooled.buffer();
            int n = 1 + r.nextInt(12);
            for (int f = 0; f < n; f++) {
                writeRandomFrame(r, stream);
            }
            while (stream.isReadable() && ch.isOpen()) {
                int cut = Math.min(stream.readableBytes(), 1 + r.nextInt(64));
                ch.writeInbound(stream.readRetainedSlice(cut));
                for (Object o; (o = ch.readOutbound()) != null; ) {
                    ((ByteBuf) o).release();
                }
            }
            stream.release();
            if (!ch.isOpen()) {
                closed++;
            }
            frames += tail.frames;
            ch.finishAndReleaseAll();
        }
        // the generator must reach both outcomes, or it tests nothing
        assertThat(closed).isPositive();
        assertThat(closed).isLessThan(ITERATIONS);
        assertThat(frames).isPositive();
    }

    private static void writeRandomFrame(Random r, ByteBuf out) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] noise = new byte[r.nextInt(40)];
            r.nextBytes(noise);
            out.writeBytes(noise);
            return;
        }
        int[] opcodes = {0x00, 0x01, 0x02, 0x12, 0x21, 0x30, 0x30, 0x30, 0x31, 0x32, 0x33, 0x51, 0x60, 0x77, 0xFF};
        int opcode = opcodes[r.nextInt(opcodes.length)];
        int flags = r.nextInt(8) == 0 ? r.nextInt(256) : (r.nextBoolean() ? HbtpFlags.EXPECTS_RESPONSE : 0);
        byte[] body = new byte[r.nextInt(r.nextInt(10) == 0 ? 3000 : 40)];
        r.nextBytes(body);
        if (opcode == 0x30 && body.length >= 2) {
            body[0] = (byte) r.nextInt(5);
            body[1] = 0;
        }
        if (r.nextInt(6) == 0) {
            body = Zstd.compress(body);
            flags |= HbtpFlags.COMPRESSED;
            if (r.nextInt(3) == 0) {
                body[r.nextInt(body.length)] ^= (byte) (1 + r.nextInt(255));
            }
        }
        if (r.nextInt(6) == 0) {
            flags |= HbtpFlags.HAS_CHECKSUM;
            byte[] withCrc = java.util.Arrays.copyOf(body, body.length + 4);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(body);
            int v = (int) crc.getValue() ^ (r.nextInt(4) == 0 ? 1 : 0);
            for (int i = 0; i < 4; i++) {
                withCrc[body.length + i] = (byte) (v >>> (8 * i));
            }
            body = withCrc;
        }
        long length = r.nextInt(20) == 0 ? (r.nextBoolean() ? 0xFFFF_FFFFL : body.length + 1 + r.nextInt(5)) : body.length;
        HbtpHeader.write(out, opcode, flags, r.nextInt(0x10000), length);
        out.writeBytes(body);
    }
}
