package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * A seeded random-frame fuzzer: valid frames, mutated frames and noise, cut at random boundaries, fed to
 * a server pipeline (codec, control handler, router). Nothing may escape the pipeline as an exception,
 * every fatal error must end in a closed channel, and nothing may leak (the leak extension checks: the
 * input is a pooled direct buffer, which Netty's leak detector tracks, as are the slices cut from it).
 * An exception that reaches the end of the pipeline is recorded and fails the run after that connection
 * (thrown from {@code exceptionCaught}, Netty would only log it).
 *
 * <p>What the decoder lets through is checked against {@link Model}, a reference reading of the same
 * bytes (§2, §3, §5 with the JDK's CRC32C and zstd-jni's one-shot calls): every frame it passes on must be
 * one the model accepts, with the model's plaintext, and the fatal error it reports must be one the
 * model finds at that frame. A decoder that skipped a check (say the CRC32C) would pass on a frame the
 * model refuses.
 *
 * <p>The default build runs {@code hbtp.fuzz.iterations} = 400 connections; {@code mvn -Pfuzz} runs 200,000.
 */
class HbtpFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("hbtp.fuzz.iterations", 400);
    private static final long SEED = Long.getLong("hbtp.fuzz.seed", 0x4842_5450L);

    /** Counts and releases what reaches the end of the pipeline, and records every exception that does. */
    static final class Tail extends ChannelInboundHandlerAdapter {
        final List<Throwable> exceptions = new ArrayList<>();
        long frames;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames++;
            ((HbtpFrame) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }
    }

    /** A frame as the decoder passed it on. */
    record Decoded(int opcode, int sequence, byte[] body) {
        @Override
        public String toString() {
            return String.format("0x%02x seq=%d %d bytes", opcode, sequence, body.length);
        }
    }

    /** Records what the decoder passes on (it sits right behind the codec) and its protocol errors. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Decoded> frames = new ArrayList<>();
        final List<HbtpErrorCode> errors = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            HbtpFrame f = (HbtpFrame) msg;
            frames.add(new Decoded(f.opcode(), f.sequence(), ByteBufUtil.getBytes(f.content())));
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HbtpProtocolErrorEvent) {
                errors.add(((HbtpProtocolErrorEvent) evt).errorCode());
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * A reference reading of a byte stream, one frame at a time, with the fatal errors the spec makes
     * certain for it. Rules it does not model (fixed fields, Ping size, HAS_METADATA, which HBTP/1.1
     * allows on some opcodes) may make the decoder refuse a frame the model accepts, with BAD_FRAME only.
     */
    static final class Model {
        /**
         * The frame at an offset: its header; whether the decoder has to wait for more bytes (nothing
         * certain is wrong yet); the fatal errors it may report here; whether it may pass the frame on,
         * and with which plaintext; where the next frame starts.
         */
        record Verdict(int opcode, int sequence, boolean waiting, Set<HbtpErrorCode> errors, boolean mayPass,
                       byte[] plaintext, int next) {
        }

        static Verdict read(byte[] wire, int at, int maxFrameLength) {
            if (wire.length - at < HbtpHeader.SIZE) {
                return new Verdict(-1, -1, true, EnumSet.noneOf(HbtpErrorCode.class), false, null, at);
            }
            int opcode = wire[at] & 0xFF;
            int flags = wire[at + 1] & 0xFF;
            int sequence = (wire[at + 2] & 0xFF) | (wire[at + 3] & 0xFF) << 8;
            long length = (wire[at + 4] & 0xFFL) | (wire[at + 5] & 0xFFL) << 8 | (wire[at + 6] & 0xFFL) << 16
                    | (wire[at + 7] & 0xFFL) << 24;
            boolean metadata = (flags & 0x20) != 0; // BAD_FRAME in HBTP/1, allowed on some opcodes in 1.1
            Set<HbtpErrorCode> header = EnumSet.noneOf(HbtpErrorCode.class);
            if (length > maxFrameLength) {
                header.add(HbtpErrorCode.TOO_LARGE);
            }
            if ((flags & 0xC0) != 0 || (flags & 0x12) == 0x12) {
                header.add(HbtpErrorCode.BAD_FRAME);
            }
            if (!header.isEmpty()) {
                return new Verdict(opcode, sequence, false, header, false, null, at);
            }
            Set<HbtpErrorCode> maybe = metadata ? EnumSet.of(HbtpErrorCode.BAD_FRAME) : EnumSet.noneOf(HbtpErrorCode.class);
            if (wire.length - at - HbtpHeader.SIZE < length) {
                return new Verdict(opcode, sequence, true, maybe, false, null, at);
            }
            int start = at + HbtpHeader.SIZE;
            byte[] body = Arrays.copyOfRange(wire, start, start + (int) length);
            int next = start + (int) length;
            Set<HbtpErrorCode> errors = EnumSet.copyOf(maybe);
            errors.add(HbtpErrorCode.BAD_FRAME); // a rule the model does not know
            if ((flags & HbtpFlags.HAS_CHECKSUM) != 0) {
                if (body.length < 4) {
                    return refused(opcode, sequence, next, maybe, HbtpErrorCode.BAD_FRAME, HbtpErrorCode.CHECKSUM_MISMATCH);
                }
                CRC32C crc = new CRC32C();
                crc.update(body, 0, body.length - 4);
                int n = body.length - 4;
                long trailer = (body[n] & 0xFFL) | (body[n + 1] & 0xFFL) << 8 | (body[n + 2] & 0xFFL) << 16
                        | (body[n + 3] & 0xFFL) << 24;
                if (crc.getValue() != trailer) {
                    return refused(opcode, sequence, next, maybe, HbtpErrorCode.CHECKSUM_MISMATCH);
                }
                body = Arrays.copyOf(body, n);
            }
            if ((flags & HbtpFlags.ENCRYPTED) != 0) { // no keys on this connection
                return refused(opcode, sequence, next, maybe, HbtpErrorCode.DECRYPTION_FAILED, HbtpErrorCode.UNAUTHORIZED);
            }
            if ((flags & HbtpFlags.COMPRESSED) != 0) {
                byte[] plain = unzstd(body, maxFrameLength);
                if (plain == null) {
                    return refused(opcode, sequence, next, maybe, HbtpErrorCode.DECOMPRESSION_FAILED);
                }
                body = plain;
            }
            return new Verdict(opcode, sequence, false, errors, true, body, next);
        }

        private static Verdict refused(int opcode, int sequence, int next, Set<HbtpErrorCode> maybe,
                                       HbtpErrorCode... codes) {
            Set<HbtpErrorCode> errors = EnumSet.copyOf(maybe);
            errors.addAll(Arrays.asList(codes));
            return new Verdict(opcode, sequence, false, errors, false, null, next);
        }

        /** One zstd frame with its content size, at most {@code max} bytes; otherwise {@code null}. */
        private static byte[] unzstd(byte[] frame, int max) {
            if (frame.length < 4) {
                return null;
            }
            long size = Zstd.getFrameContentSize(frame);
            if (size < 0 || size > max) {
                return null;
            }
            try {
                byte[] out = Zstd.decompress(frame, (int) size);
                return out.length == size ? out : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * Checks what the decoder did with {@code wire} against the model: frames passed on in order, each
     * accepted by the model with its plaintext; then either the model's error at the next frame, or,
     * while the channel is open, a stop only where the bytes run out.
     */
    private static void checkAgainstModel(byte[] wire, int maxFrameLength, Recorder seen, boolean open, String where) {
        assertThat(seen.errors).as("protocol errors %s", where).hasSizeLessThanOrEqualTo(1);
        int at = 0;
        for (int i = 0; i < seen.frames.size(); i++) {
            Model.Verdict v = Model.read(wire, at, maxFrameLength);
            Decoded d = seen.frames.get(i);
            assertThat(v.mayPass())
                    .as("frame %d (%s) was passed on, but the model refuses it with %s %s", i, d, v.errors(), where)
                    .isTrue();
            assertThat(new Decoded(v.opcode(), v.sequence(), v.plaintext())).as("frame %d %s", i, where)
                    .usingRecursiveComparison().isEqualTo(d);
            at = v.next();
        }
        Model.Verdict v = Model.read(wire, at, maxFrameLength);
        if (!seen.errors.isEmpty()) {
            assertThat(v.errors()).as("errors the model allows after %d frames %s", seen.frames.size(), where)
                    .contains(seen.errors.get(0));
        } else if (open) {
            // every byte went in: the decoder may only be waiting for the rest of a frame
            assertThat(v.waiting())
                    .as("after %d frames the decoder stopped, but the model reads a whole frame (0x%02x, errors %s) %s",
                            seen.frames.size(), v.opcode(), v.errors(), where)
                    .isTrue();
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
        int maxFrameLength = 1 << 16;
        for (int i = 0; i < ITERATIONS; i++) {
            Tail tail = new Tail();
            Recorder seen = new Recorder();
            EmbeddedChannel ch = new EmbeddedChannel(
                    new HbtpServerCodec(new HbtpCodecConfig().maxFrameLength(maxFrameLength).checksumOnSend(r.nextBoolean())),
                    seen, new HbtpControlHandler(), new HbtpRouter(routes), tail);
            ByteBuf stream = PooledByteBufAllocator.DEFAULT.directBuffer();
            byte[] wire;
            boolean open;
            try {
                int n = 1 + r.nextInt(12);
                for (int f = 0; f < n; f++) {
                    writeRandomFrame(r, stream);
                }
                wire = ByteBufUtil.getBytes(stream);
                while (stream.isReadable() && ch.isOpen()) {
                    int cut = Math.min(stream.readableBytes(), 1 + r.nextInt(64));
                    ch.writeInbound(stream.readRetainedSlice(cut));
                    for (Object o; (o = ch.readOutbound()) != null; ) {
                        ((ByteBuf) o).release();
                    }
                }
                open = ch.isOpen();
                if (!open) {
                    closed++;
                }
                frames += tail.frames;
            } finally {
                stream.release();
                ch.finishAndReleaseAll();
            }
            ch.checkException(); // anything that passed the tail (none should)
            String where = "on connection " + i + " (seed " + SEED + ")";
            assertThat(tail.exceptions).as("exceptions that escaped the HBTP pipeline %s", where).isEmpty();
            checkAgainstModel(wire, maxFrameLength, seen, open, where);
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
