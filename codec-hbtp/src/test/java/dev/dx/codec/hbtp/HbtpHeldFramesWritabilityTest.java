package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames {@link HbtpEncoder} holds for a Batch (§12) count toward the channel's pending outbound bytes, so
 * writability sees them: it turns false when they pass the high-water mark, true again once the flush has
 * written them, and frames failed or released on the way leave the count too.
 */
class HbtpHeldFramesWritabilityTest {

    private static final HbtpCodecConfig V1_1 = new HbtpCodecConfig().peerVersion(HbtpVersion.V1_1);
    private static final int LOW = 512;
    private static final int HIGH = 1024;
    private static final String BODY = "b".repeat(100);
    /** What a 100-byte body takes on the wire alone: header, body, tag. */
    private static final int SEALED_SIZE = HbtpHeader.SIZE + 100 + 16;
    /** A writer that stops when the channel turns unwritable must stop long before this. */
    private static final int RUNAWAY = 10_000;

    /** An encrypted HBTP/1.1 channel (frames are held) with water marks of 512 and 1024 bytes. */
    private static EmbeddedChannel encryptedChannel(HbtpCodecConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(config));
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(LOW, HIGH));
        HbtpTestSupport.installLoopbackKeys(ch);
        return ch;
    }

    private static HbtpFrame pong(int sequence, String body) {
        return HbtpFrame.newInstance(HbtpOpcode.PONG, 0, sequence, HbtpTestSupport.pooled(body));
    }

    private static long pendingBytes(EmbeddedChannel ch) {
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        return out.totalPendingWriteBytes();
    }

    /** Writes Pongs without flushing while the channel stays writable; returns how many were written. */
    private static int writeWhileWritable(EmbeddedChannel ch, List<ChannelFuture> futures) {
        int n = 0;
        while (ch.isWritable() && n < RUNAWAY) {
            n++;
            futures.add(ch.write(pong(n, BODY)));
        }
        return n;
    }

    /** Every buffer written, copied out and released, end to end. */
    private static byte[] drained(EmbeddedChannel ch) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return all.toByteArray();
    }

    private static List<Integer> sequences(byte[] wire) {
        List<Integer> seqs = new ArrayList<>();
        for (HbtpFrame f : HbtpTestSupport.decodeAll(wire, new HbtpCodecConfig(), true)) {
            seqs.add(f.sequence());
            f.release();
        }
        return seqs;
    }

    @Test
    void heldFramesTurnTheChannelUnwritableAndTheFlushTurnsItWritableAgain() {
        EmbeddedChannel ch = encryptedChannel(V1_1);
        HbtpEncoder encoder = HbtpEncoder.of(ch);
        List<ChannelFuture> futures = new ArrayList<>();

        int n = writeWhileWritable(ch, futures);

        assertThat(n).as("a writer that respects writability stops").isLessThan(RUNAWAY);
        assertThat(ch.isWritable()).isFalse();
        assertThat(encoder.pendingFrames()).as("all held, none written yet").isEqualTo(n);
        assertThat(ch.outboundMessages()).isEmpty();
        assertThat(pendingBytes(ch)).as("the channel counts what the encoder holds")
                .isEqualTo(encoder.pendingBytes())
                .isGreaterThan(HIGH)
                .isGreaterThanOrEqualTo((long) n * SEALED_SIZE);

        ch.flush();

        assertThat(encoder.pendingFrames()).isZero();
        assertThat(encoder.pendingBytes()).isZero();
        byte[] wire = drained(ch);
        assertThat(pendingBytes(ch)).isZero();
        assertThat(ch.isWritable()).isTrue();
        assertThat(wire[0]).isEqualTo(HbtpOpcode.BATCH.codeByte());
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expected.add(i);
        }
        assertThat(sequences(wire)).isEqualTo(expected);
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        assertFalse(ch.finish());
    }

    @Test
    void framesThatFailToEncodeLeaveTheCountAndTheOthersGoOut() {
        EmbeddedChannel ch = encryptedChannel(V1_1);
        List<ChannelFuture> futures = new ArrayList<>();
        // PRECOMPRESSED promises a zstd frame; this body is not one, so encoding it fails at the flush
        ChannelFuture bad = ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, HbtpFlags.PRECOMPRESSED, 0,
                HbtpTestSupport.pooled(BODY)));
        int n = writeWhileWritable(ch, futures);
        assertThat(ch.isWritable()).isFalse();

        ch.flush();

        assertThat(bad.cause()).isInstanceOf(io.netty.handler.codec.EncoderException.class);
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        byte[] wire = drained(ch);
        assertThat(pendingBytes(ch)).isZero();
        assertThat(ch.isWritable()).isTrue();
        assertThat(sequences(wire)).hasSize(n).doesNotContain(0);
        assertFalse(ch.finish());
    }

    @Test
    void aLoneHeldFrameThatFailsToEncodeLeavesTheCount() {
        EmbeddedChannel ch = encryptedChannel(V1_1);
        ChannelFuture bad = ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, HbtpFlags.PRECOMPRESSED, 0,
                HbtpTestSupport.pooled("x".repeat(2 * HIGH))));
        assertThat(ch.isWritable()).as("one large held frame is over the mark").isFalse();

        ch.flush();

        assertThat(bad.cause()).isInstanceOf(io.netty.handler.codec.EncoderException.class);
        assertThat(pendingBytes(ch)).isZero();
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.<Object>readOutbound()).isNull();
        assertFalse(ch.finish());
    }

    @Test
    void framesHeldAtCloseAreReleasedAndFailed() {
        EmbeddedChannel ch = encryptedChannel(V1_1);
        HbtpEncoder encoder = HbtpEncoder.of(ch);
        List<ByteBuf> bodies = new ArrayList<>();
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ByteBuf body = HbtpTestSupport.pooled(BODY);
            bodies.add(body);
            futures.add(ch.write(HbtpFrame.newInstance(HbtpOpcode.PONG, 0, i, body)));
        }
        assertThat(ch.isWritable()).isFalse();

        ch.close();

        assertThat(futures).allMatch(f -> f.cause() instanceof ClosedChannelException);
        assertThat(bodies).allMatch(b -> b.refCnt() == 0);
        assertThat(encoder.pendingFrames()).isZero();
        assertThat(encoder.pendingBytes()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void orderIsKeptAcrossBatchesAndOtherWritesWhileUnwritable() {
        // Batches of at most 300 bytes: two or so 100-byte Pongs each, so the held frames make several
        EmbeddedChannel ch = encryptedChannel(V1_1.snapshot().maxFrameLength(300));
        List<ChannelFuture> futures = new ArrayList<>();
        int n = writeWhileWritable(ch, futures);
        // a handshake frame is never held: the frames held before it are written first, then it goes
        ch.write(new HbtpFrame(HbtpOpcode.AUTH_SUCCESS, HbtpFlags.ENCRYPTED, 0, HbtpTestSupport.pooled("")));
        assertThat(HbtpEncoder.of(ch).pendingFrames()).isZero();
        futures.add(ch.write(pong(n + 1, BODY)));
        futures.add(ch.write(pong(n + 2, BODY)));

        ch.flush();

        byte[] wire = drained(ch);
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expected.add(i);
        }
        expected.add(0); // the AuthSuccess
        expected.add(n + 1);
        expected.add(n + 2);
        assertThat(sequences(wire)).isEqualTo(expected);
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        assertThat(pendingBytes(ch)).isZero();
        assertThat(ch.isWritable()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void thePlainPathHoldsNothingAndNettyCountsTheEncodedBytes() {
        EmbeddedChannel ch = encryptedChannel(new HbtpCodecConfig()); // an HBTP/1 peer: no Batches
        ch.write(pong(1, BODY));
        assertThat(HbtpEncoder.of(ch).pendingFrames()).isZero();
        assertThat(HbtpEncoder.of(ch).pendingBytes()).isZero();
        assertThat(pendingBytes(ch)).as("the encoded frame, unflushed, in Netty's own count")
                .isGreaterThanOrEqualTo(SEALED_SIZE);
        ch.flush();
        assertThat(sequences(drained(ch))).containsExactly(1);
        assertThat(pendingBytes(ch)).isZero();
        assertFalse(ch.finish());
    }

    /** Records what a handler sees at each {@code channelWritabilityChanged}: the channel's writability then. */
    private static final class WritabilityEvents extends ChannelInboundHandlerAdapter {
        final List<Boolean> seen = new ArrayList<>();

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            seen.add(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }
    }

    @Test
    void aHandlerSeesOneUnwritableThenOneWritableEventAcrossTheFlushOfHeldFrames() {
        EmbeddedChannel ch = encryptedChannel(V1_1);
        WritabilityEvents events = new WritabilityEvents();
        ch.pipeline().addFirst(events);
        List<ChannelFuture> futures = new ArrayList<>();

        writeWhileWritable(ch, futures);
        ch.runPendingTasks();
        assertThat(events.seen).as("held frames passed the high-water mark").containsExactly(false);

        // The flush takes the held frames off the count (below the low-water mark) and writes the Batch,
        // whose bytes count again until the transport has written them: every event a handler sees
        // must tell the truth at that moment, and the last one must be "writable".
        ch.flush();
        ch.runPendingTasks();
        byte[] wire = drained(ch);
        assertThat(ch.isWritable()).isTrue();
        assertThat(events.seen).as("events alternate, starting unwritable, ending writable")
                .startsWith(false).endsWith(true);
        for (int i = 1; i < events.seen.size(); i++) {
            assertThat(events.seen.get(i)).as("event %d repeats the one before", i).isNotEqualTo(events.seen.get(i - 1));
        }
        assertThat(events.seen).as("no flapping within one flush").containsExactly(false, true);
        assertThat(sequences(wire)).hasSize(futures.size());
        assertThat(futures).allMatch(ChannelFuture::isSuccess);
        assertFalse(ch.finish());
    }

    @Test
    void aBatchLargerThanTheHighWaterMarkEndsWritableOnceTheTransportHasWrittenIt() {
        EmbeddedChannel ch = encryptedChannel(V1_1);
        WritabilityEvents events = new WritabilityEvents();
        ch.pipeline().addFirst(events);
        int n = 3 * HIGH / SEALED_SIZE; // a writer that ignores writability: the Batch alone passes the mark
        for (int i = 1; i <= n; i++) {
            ch.write(pong(i, BODY));
        }
        ch.flush();
        ch.runPendingTasks();
        assertThat(sequences(drained(ch))).hasSize(n);
        assertThat(ch.isWritable()).isTrue();
        // Seen here: [false, false, true, true]. Holding passes the mark; the flush takes the held frames
        // off the count (Netty defers that event) and writes the Batch, which passes the mark again until
        // the transport has written it. Each event reports the writability of its moment, as Netty does
        // for any handler that re-encodes; what matters is that the last one says writable.
        assertThat(events.seen).startsWith(false).endsWith(true);
        assertFalse(ch.finish());
    }
}
