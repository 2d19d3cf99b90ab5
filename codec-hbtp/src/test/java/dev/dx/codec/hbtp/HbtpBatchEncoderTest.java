package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §12 on the sending side: frames flushed together on an encrypted HBTP/1.1 connection are sealed once. */
class HbtpBatchEncoderTest {

    private static final HbtpCodecConfig V1_1 = new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1);

    private static EmbeddedChannel channel(HbtpCodecConfig config, boolean keys) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        if (keys) {
            HbtpTestSupport.installLoopbackKeys(ch);
        }
        return ch;
    }

    private static HbtpFrame pong(int sequence, String body) {
        return HbtpFrame.newInstance(HbtpOpcode.PONG, 0, sequence, HbtpTestSupport.pooled(body));
    }

    /** Every buffer the channel wrote, each copied out and released. */
    private static List<byte[]> written(EmbeddedChannel ch) {
        List<byte[]> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out;
    }

    private static List<Integer> opcodes(List<byte[]> writes) {
        return writes.stream().map(b -> b[0] & 0xFF).toList();
    }

    /** Decodes {@code bytes} (as a receiver with the loopback keys at counter 0) into opcode/sequence/body lines. */
    private static List<String> decoded(byte[] bytes, boolean encrypted) {
        List<String> lines = new ArrayList<>();
        for (HbtpFrame f : HbtpTestSupport.decodeAll(bytes, new HbtpCodecConfig(), encrypted)) {
            lines.add(f.opcode() + "/" + f.sequence() + "/" + f.content().toString(StandardCharsets.UTF_8));
            f.release();
        }
        return lines;
    }

    /** The writes' bytes back to back (plain arrays: no buffer, so nothing to leak). */
    private static byte[] joined(List<byte[]> writes) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        writes.forEach(all::writeBytes);
        return all.toByteArray();
    }

    @Test
    void writesFlushedTogetherOnAnEncrypted11ConnectionGoOutAsOneSealedBatch() {
        EmbeddedChannel ch = channel(V1_1, true);
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            futures.add(ch.write(pong(i, "p" + i)));
        }
        assertThat(ch.outboundMessages()).as("held until the flush").isEmpty();
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)[0]).isEqualTo(HbtpOpcode.BATCH.codeByte());
        assertThat(writes.get(0)[1]).isEqualTo((byte) HbtpFlags.ENCRYPTED);
        assertThat(HbtpChannelSecurity.of(ch).sender().counter()).as("one AEAD operation").isEqualTo(1);
        assertThat(decoded(writes.get(0), true)).containsExactly("1/1/p1", "1/2/p2", "1/3/p3", "1/4/p4");
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        assertFalse(ch.finish());
    }

    @Test
    void aLoneFrameIsNotBatched() {
        EmbeddedChannel ch = channel(V1_1, true);
        ch.writeAndFlush(pong(1, "alone"));
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(HbtpOpcode.PONG.code());
        assertThat(writes.get(0)[1]).isEqualTo((byte) HbtpFlags.ENCRYPTED);
        assertThat(decoded(writes.get(0), true)).containsExactly("1/1/alone");
        assertFalse(ch.finish());
    }

    @Test
    void aPre11PeerNeverGetsABatch() {
        EmbeddedChannel ch = channel(new HbtpCodecConfig(), true); // peerVersion V1 by default
        ch.write(pong(1, "a"));
        ch.write(pong(2, "b"));
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(1, 1);
        assertThat(HbtpChannelSecurity.of(ch).sender().counter()).isEqualTo(2);
        assertFalse(ch.finish());
    }

    @Test
    void plaintextFramesAreNotBatchedUnlessConfigured() {
        EmbeddedChannel off = channel(V1_1, false);
        off.write(pong(1, "a"));
        off.write(pong(2, "b"));
        off.flush();
        assertThat(opcodes(written(off))).containsExactly(1, 1);
        assertFalse(off.finish());

        EmbeddedChannel on = channel(V1_1.snapshot().batchPlaintext(true), false);
        on.write(pong(1, "a"));
        on.write(pong(2, "b"));
        on.flush();
        List<byte[]> writes = written(on);
        assertThat(opcodes(writes)).containsExactly(HbtpOpcode.BATCH.code());
        assertThat(decoded(writes.get(0), false)).containsExactly("1/1/a", "1/2/b");
        assertFalse(on.finish());
    }

    @Test
    void handshakeFramesAreNeverBatchedAndKeepTheirPlace() {
        EmbeddedChannel ch = channel(V1_1, true);
        ch.write(pong(1, "a"));
        ch.write(pong(2, "b"));
        ch.write(new HbtpFrame(HbtpOpcode.AUTH_SUCCESS, HbtpFlags.ENCRYPTED, 0, Unpooled.EMPTY_BUFFER));
        ch.write(pong(3, "c"));
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(HbtpOpcode.BATCH.code(), HbtpOpcode.AUTH_SUCCESS.code(),
                HbtpOpcode.PONG.code());
        assertThat(decoded(joined(writes), true)).containsExactly("1/1/a", "1/2/b", "98/0/", "1/3/c");
        assertFalse(ch.finish());
    }

    @Test
    void framesWrittenAroundAPlaintextHandshakeAreNotBatchedEvenWithBatchPlaintext() {
        EmbeddedChannel ch = channel(V1_1.snapshot().batchPlaintext(true), false);
        ch.write(new HbtpFrame(HbtpOpcode.AUTH_CHALLENGE, 0, 0, HbtpTestSupport.pooled("e")));
        ch.write(pong(1, "a"));
        ch.write(pong(2, "b"));
        ch.flush();
        assertThat(opcodes(written(ch))).containsExactly(0x60, 1, 1);
        assertFalse(ch.finish());
    }

    @Test
    void batchesAreSplitAtTheMaximumFrameLength() {
        // Inner Pongs of 10 bytes are 18 bytes each; 60 - 16 (tag) leaves room for two per Batch.
        EmbeddedChannel ch = channel(V1_1.snapshot().maxFrameLength(60), true);
        for (int i = 1; i <= 5; i++) {
            ch.write(pong(i, "0123456789"));
        }
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(4, 4, 1);
        assertThat(writes).allMatch(w -> w.length - HbtpHeader.SIZE <= 60);
        assertThat(writes.get(0).length - HbtpHeader.SIZE).isEqualTo(2 * 18 + 16);
        assertThat(decoded(joined(writes), true)).containsExactly("1/1/0123456789", "1/2/0123456789",
                "1/3/0123456789", "1/4/0123456789", "1/5/0123456789");
        assertFalse(ch.finish());
    }

    @Test
    void plaintextBatchesAndLoneRemaindersCarryTheChecksumWhenOneIsSent() {
        // Inner Pongs of 10 bytes are 18 bytes each; 60 - 4 (checksum) leaves room for three per Batch.
        HbtpCodecConfig config = V1_1.snapshot().batchPlaintext(true).checksumOnSend(true).maxFrameLength(60);
        EmbeddedChannel ch = channel(config, false);
        for (int i = 1; i <= 4; i++) {
            ch.write(pong(i, "0123456789"));
        }
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(HbtpOpcode.BATCH.code(), HbtpOpcode.PONG.code());
        assertThat(writes).allMatch(w -> w[1] == HbtpFlags.HAS_CHECKSUM);
        assertThat(writes.get(0)).hasSize(HbtpHeader.SIZE + 3 * 18 + 4);
        assertThat(writes.get(1)).hasSize(HbtpHeader.SIZE + 10 + 4);
        // the receiving decoder checks each CRC32C
        assertThat(decoded(joined(writes), false)).containsExactly("1/1/0123456789", "1/2/0123456789",
                "1/3/0123456789", "1/4/0123456789");
        assertFalse(ch.finish());
    }

    @Test
    void aBatchLargerThanItsFirstBufferGrowsAndStaysWhole() {
        EmbeddedChannel ch = channel(V1_1, true);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            byte[] body = new byte[30_000]; // 90 kB in all: past the 64 KiB a Batch's buffer starts with
            new java.util.Random(i).nextBytes(body); // random: zstd cannot shrink it, so it goes in as is
            bodies.add(body);
            ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, 0, i, HbtpTestSupport.pooled(body)));
        }
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(HbtpOpcode.BATCH.code());
        List<HbtpFrame> frames = HbtpTestSupport.decodeAll(writes.get(0), new HbtpCodecConfig(), true);
        try {
            assertThat(frames).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(frames.get(i).sequence()).isEqualTo(i + 1);
                assertThat(ByteBufUtil.getBytes(frames.get(i).content())).isEqualTo(bodies.get(i));
            }
        } finally {
            frames.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    @Test
    void largeInnerBodiesAreCompressedEachOnItsOwn() {
        EmbeddedChannel ch = channel(V1_1, true);
        String big = "x".repeat(4000);
        ch.write(pong(1, big));
        ch.write(pong(2, "small"));
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(4);
        assertThat(writes.get(0).length).isLessThan(200);
        List<HbtpFrame> frames = HbtpTestSupport.decodeAll(writes.get(0), new HbtpCodecConfig(), true);
        try {
            assertThat(frames.get(0).hasFlag(HbtpFlags.COMPRESSED)).isTrue();
            assertThat(frames.get(0).content().toString(StandardCharsets.UTF_8)).isEqualTo(big);
            assertThat(frames.get(1).hasFlag(HbtpFlags.COMPRESSED)).isFalse();
        } finally {
            frames.forEach(HbtpFrame::release);
        }
        assertFalse(ch.finish());
    }

    /** Fails every write with {@link #FAILURE}, releasing the message. */
    private static final class FailingWrites extends ChannelOutboundHandlerAdapter {
        static final IOException FAILURE = new IOException("socket gone");

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(FAILURE);
        }
    }

    @Test
    void everyPromiseOfABatchFailsWhenItsWriteFails() {
        EmbeddedChannel ch = new EmbeddedChannel(new FailingWrites(), new HbtpServerCodec(V1_1));
        HbtpTestSupport.installLoopbackKeys(ch);
        ChannelFuture a = ch.write(pong(1, "a"));
        ChannelFuture b = ch.write(pong(2, "b"));
        ch.write(pong(3, "c"), ch.voidPromise());
        ch.flush();
        assertThat(a.cause()).isSameAs(FailingWrites.FAILURE);
        assertThat(b.cause()).isSameAs(FailingWrites.FAILURE);
        // a void promise's failure goes to exceptionCaught, as Netty does for any write
        assertThatThrownBy(ch::checkException).isSameAs(FailingWrites.FAILURE);
        ch.finishAndReleaseAll();
    }

    @Test
    void voidPromisesAreFine() {
        EmbeddedChannel ch = channel(V1_1, true);
        ch.write(pong(1, "a"), ch.voidPromise());
        ch.write(pong(2, "b"), ch.voidPromise());
        ch.flush();
        assertThat(opcodes(written(ch))).containsExactly(4);
        assertFalse(ch.finish());
    }

    @Test
    void framesHeldAtCloseFailWithTheChannel() {
        EmbeddedChannel ch = channel(V1_1, true);
        ChannelFuture a = ch.write(pong(1, "a"));
        ChannelFuture b = ch.write(pong(2, "b"));
        ch.close();
        assertThat(a.cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(b.cause()).isInstanceOf(ClosedChannelException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void framesHeldWhenTheCodecIsRemovedFromAnActiveChannelAreWrittenOn() {
        EmbeddedChannel ch = channel(V1_1, true);
        ChannelFuture a = ch.write(pong(1, "a"));
        ChannelFuture b = ch.write(pong(2, "b"));
        ch.pipeline().remove(HbtpServerCodec.class);
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(opcodes(writes)).containsExactly(HbtpOpcode.BATCH.code());
        assertThat(decoded(writes.get(0), true)).containsExactly("1/1/a", "1/2/b");
        assertThat(a.isSuccess()).isTrue();
        assertThat(b.isSuccess()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void anythingElseWrittenKeepsItsPlaceBehindTheHeldFrames() {
        EmbeddedChannel ch = channel(V1_1, true);
        ch.write(pong(1, "a"));
        ch.write(pong(2, "b"));
        ch.write(PooledByteBufAllocator.DEFAULT.directBuffer(1).writeByte(42)); // tracked for leaks
        ch.flush();
        List<byte[]> writes = written(ch);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)[0]).isEqualTo(HbtpOpcode.BATCH.codeByte());
        assertThat(writes.get(1)).containsExactly(42);
        assertFalse(ch.finish());
    }
}
