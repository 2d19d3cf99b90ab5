package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pooled {@link HbtpFrame}s: reuse, reference counting, and loud failures on stale use. Netty's
 * {@code Recycler} pools only on {@code FastThreadLocalThread}s (event-loop threads), so the pooled cases
 * run on one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpFrameRecyclingTest {

    @AfterEach
    void restoreDefault() {
        HbtpFrame.forceRecycling(null);
    }

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on a {@link FastThreadLocalThread} with pooling on; rethrows what it threw. */
    private static void onEventLoopLikeThread(Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new FastThreadLocalThread(null, () -> {
            try {
                HbtpFrame.forceRecycling(true);
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "hbtp-recycling-test");
        t.start();
        t.join();
        Throwable e = failure.get();
        if (e instanceof Exception) {
            throw (Exception) e;
        }
        if (e != null) {
            throw (Error) e;
        }
    }

    private static ByteBuf text(String s) {
        return HbtpTestSupport.pooled(s);
    }

    @Test
    void releasedFrameGoesBackToThePoolAndComesOutAsANewFrame() throws Exception {
        onEventLoopLikeThread(() -> {
            HbtpFrame first = HbtpFrame.newInstance(HbtpOpcode.RPC_CALL, HbtpFlags.EXPECTS_RESPONSE, 7,
                    text("\u0003\u0000first"));
            assertThat(first.isPooled()).isTrue();
            assertThat(first.release()).isTrue();

            HbtpFrame second = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 9, text("hi"));
            try {
                assertThat(second).isSameAs(first);
                assertThat(second.type()).isEqualTo(HbtpOpcode.PING);
                assertThat(second.flags()).isZero();
                assertThat(second.sequence()).isEqualTo(9);
                assertThat(second.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
                assertThat(second.refCnt()).isEqualTo(1);
            } finally {
                second.release();
            }
        });
    }

    @Test
    void decodedFramesReuseOneObjectWithoutCarryingStateOver() throws Exception {
        onEventLoopLikeThread(() -> {
            EmbeddedChannel ch = new EmbeddedChannel(new HbtpFrameDecoder());
            ByteBuf call = HbtpTestSupport.pooledBuffer();
            HbtpHeader.write(call, HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.HAS_CHECKSUM,
                    0x1234, 5 + 4);
            call.writeBytes(new byte[] {7, 0, 'a', 'b', 'c'});
            call.writeIntLE((int) crc32c(new byte[] {7, 0, 'a', 'b', 'c'}));
            ch.writeInbound(call);
            HbtpFrame first = ch.readInbound();
            assertThat(first.hasFlag(HbtpFlags.HAS_CHECKSUM)).isTrue();
            assertThat(first.route()).isEqualTo(7);
            ByteBuf firstBody = first.content();
            assertThat(firstBody.readableBytes()).isEqualTo(5); // the checksum trailer is cut off
            assertThat(first.release()).isTrue();
            assertThat(call.refCnt()).isZero(); // the slice gave its reference to the read buffer back

            ByteBuf pong = HbtpTestSupport.pooledBuffer();
            HbtpHeader.write(pong, HbtpOpcode.PONG.code(), 0, 2, 0);
            ch.writeInbound(pong);
            HbtpFrame second = ch.readInbound();
            try {
                assertThat(second).isSameAs(first);
                assertThat(second.content()).as("the body slice is reused with its frame").isSameAs(firstBody);
                assertThat(second.type()).isEqualTo(HbtpOpcode.PONG);
                assertThat(second.flags()).isZero();
                assertThat(second.sequence()).isEqualTo(2);
                assertThat(second.content().readableBytes()).isZero();
                assertThat(second.toString()).isEqualTo("HbtpFrame(PONG, flags=0, seq=2, body=0B )");
            } finally {
                second.release();
            }
            assertFalse(ch.finish());
        });
    }

    @Test
    void aDecodedFrameGoesBackToThePoolWhenWhoeverHoldsItsBodyLastReleasesIt() throws Exception {
        onEventLoopLikeThread(() -> {
            EmbeddedChannel ch = new EmbeddedChannel(new HbtpFrameDecoder());
            ByteBuf call = HbtpTestSupport.pooledBuffer();
            HbtpHeader.write(call, HbtpOpcode.RPC_CALL.code(), HbtpFlags.EXPECTS_RESPONSE, 5, 4);
            call.writeBytes(new byte[] {1, 0, 'o', 'k'});
            ch.writeInbound(call);
            HbtpFrame first = ch.readInbound();
            // what an echoing route does: the answer keeps the arguments, the call is released
            ByteBuf kept = first.arguments().retain();
            assertThat(first.release()).isFalse();
            assertThat(first.sequence()).as("still held through the kept slice").isEqualTo(5);

            assertThat(kept.toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
            assertThat(kept.release()).isTrue();
            assertThat(call.refCnt()).isZero();
            assertThat(first.refCnt()).isZero();
            assertThatThrownBy(first::sequence).isInstanceOf(IllegalReferenceCountException.class);

            nextFrameIs(first, ch, "the frame went back to the pool");
            // released once: the frame went back to the pool once, so two new frames are two objects
            HbtpFrame a = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 1, Unpooled.EMPTY_BUFFER);
            HbtpFrame b = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 2, Unpooled.EMPTY_BUFFER);
            assertThat(a).isNotSameAs(b);
            assertFalse(ch.finish());
        });
    }

    /**
     * Decodes a PING (sequence 6) on {@code ch} and checks that it arrives in {@code released}: the frame
     * object that went back to the pool and came out again.
     */
    private static void nextFrameIs(HbtpFrame released, EmbeddedChannel ch, String why) {
        ByteBuf ping = HbtpTestSupport.pooledBuffer();
        HbtpHeader.write(ping, HbtpOpcode.PING.code(), 0, 6, 0);
        ch.writeInbound(ping);
        HbtpFrame next = ch.readInbound();
        try {
            assertThat(next).as(why).isSameAs(released);
            assertThat(next.type()).isEqualTo(HbtpOpcode.PING);
            assertThat(next.sequence()).isEqualTo(6);
        } finally {
            assertThat(next.release()).isTrue();
        }
    }

    /**
     * Decodes {@code wire}, keeps the body past the frame's release as an echo does, frees it, and checks
     * that the frame object went back to the pool: a decrypted or decompressed body is a new buffer, but
     * the decoder hands it on behind the frame's own slice, so freeing it frees the frame too.
     */
    private static void aFrameWhoseBodyIsANewBufferGoesBackToThePool(boolean encrypted, String expected,
                                                                    byte[]... wire) throws Exception {
        onEventLoopLikeThread(() -> {
            EmbeddedChannel ch = new EmbeddedChannel(new HbtpFrameDecoder());
            if (encrypted) {
                HbtpTestSupport.installLoopbackKeys(ch);
            }
            ch.writeInbound(HbtpTestSupport.pooled(wire.length == 0
                    ? HbtpTestSupport.encode(new HbtpCodecConfig(), HbtpFrame.newInstance(HbtpOpcode.PONG, 0, 5,
                            text(expected)), true)
                    : wire[0]));
            HbtpFrame first = ch.readInbound();
            assertThat(first.isPooled()).isTrue();
            assertThat(first.sequence()).isEqualTo(5);
            ByteBuf kept = first.content().retain();
            assertThat(first.release()).isFalse();
            assertThat(kept.toString(StandardCharsets.US_ASCII)).isEqualTo(expected);
            assertThat(kept.release()).isTrue();
            assertThat(first.refCnt()).isZero();
            assertThatThrownBy(first::sequence).isInstanceOf(IllegalReferenceCountException.class);

            nextFrameIs(first, ch, "the frame went back to the pool with its body");
            assertFalse(ch.finish());
        });
    }

    @Test
    void aDecryptedFrameGoesBackToThePoolWhenWhoeverHoldsItsBodyLastReleasesIt() throws Exception {
        aFrameWhoseBodyIsANewBufferGoesBackToThePool(true, "sealed");
    }

    @Test
    void aDecompressedFrameGoesBackToThePoolWhenWhoeverHoldsItsBodyLastReleasesIt() throws Exception {
        aFrameWhoseBodyIsANewBufferGoesBackToThePool(false, "squeezed", HbtpHostileInputTest.frame(
                HbtpOpcode.BINARY_BLOB.code(), HbtpFlags.COMPRESSED, 5,
                com.github.luben.zstd.Zstd.compress("squeezed".getBytes(StandardCharsets.US_ASCII))));
    }

    /** A plaintext Batch (§12) of two Pongs with one-byte bodies, in a pooled direct buffer. */
    private static ByteBuf batchOfTwoPongs(int firstSequence, char a, char b) {
        ByteBuf batch = HbtpTestSupport.pooledBuffer();
        HbtpHeader.write(batch, HbtpOpcode.BATCH.code(), 0, 0, 2 * (HbtpHeader.SIZE + 1));
        HbtpHeader.write(batch, HbtpOpcode.PONG.code(), 0, firstSequence, 1);
        batch.writeByte(a);
        HbtpHeader.write(batch, HbtpOpcode.PONG.code(), 0, firstSequence + 1, 1);
        batch.writeByte(b);
        return batch;
    }

    @Test
    void framesUnpackedFromABatchAreFreedEachWithItsOwnBody() throws Exception {
        onEventLoopLikeThread(() -> {
            EmbeddedChannel ch = new EmbeddedChannel(new HbtpFrameDecoder());
            ByteBuf batch = batchOfTwoPongs(1, 'a', 'b');
            ch.writeInbound(batch);
            HbtpFrame first = ch.readInbound();
            HbtpFrame second = ch.readInbound();
            assertThat(first.isPooled()).isTrue();
            ByteBuf kept = first.content().retain(); // an echo keeps the first body past its frame's release
            assertThat(first.release()).isFalse();
            // A slice sharing the Batch's count would stay alive while the first body is kept, and its
            // frame would never go back to the pool; the frame's own slice is freed here, and the frame with it.
            assertThat(second.release()).as("the second frame's own body is freed, whatever else holds the Batch")
                    .isTrue();
            assertThat(second.refCnt()).isZero();
            assertThatThrownBy(second::sequence).isInstanceOf(IllegalReferenceCountException.class);
            assertThat(first.sequence()).as("still held through the kept body").isEqualTo(1);
            assertThat(kept.toString(StandardCharsets.US_ASCII)).isEqualTo("a");
            assertThat(kept.release()).isTrue();
            assertThat(first.refCnt()).isZero();
            assertThat(batch.refCnt()).as("the inner bodies gave their references to the read buffer back").isZero();

            ch.writeInbound(batchOfTwoPongs(3, 'c', 'd'));
            HbtpFrame third = ch.readInbound();
            HbtpFrame fourth = ch.readInbound();
            try {
                assertThat(third.sequence()).isEqualTo(3);
                assertThat(third.content().toString(StandardCharsets.US_ASCII)).isEqualTo("c");
                assertThat(fourth.sequence()).isEqualTo(4);
                assertThat(fourth.content().toString(StandardCharsets.US_ASCII)).isEqualTo("d");
            } finally {
                third.release();
                fourth.release();
            }
            assertFalse(ch.finish());
        });
    }

    private static long crc32c(byte[] b) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b);
        return c.getValue();
    }

    @Test
    void everyUseOfAReleasedFrameThrowsUntilItIsReused() throws Exception {
        onEventLoopLikeThread(() -> {
            HbtpFrame f = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 1, text("x"));
            ByteBuf body = f.content();
            assertThat(f.release()).isTrue();
            assertThat(body.refCnt()).isZero();
            assertThat(f.refCnt()).isZero();
            assertThat(f.toString()).isEqualTo("HbtpFrame(released)");
            assertThatThrownBy(f::release).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(() -> f.release(1)).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::retain).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::content).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::opcode).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::flags).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::sequence).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::retainedDuplicate).isInstanceOf(IllegalReferenceCountException.class);
            assertThatThrownBy(f::touch).isInstanceOf(IllegalReferenceCountException.class);
        });
    }

    @Test
    void aFrameIsRecycledOnlyWhenItsCountReachesZero() throws Exception {
        onEventLoopLikeThread(() -> {
            HbtpFrame f = HbtpFrame.newInstance(HbtpOpcode.RPC_RESPONSE, 0, 3, text("result"));
            assertThat(f.retain()).isSameAs(f);
            assertThat(f.refCnt()).isEqualTo(2);
            assertThat(f.release()).isFalse();
            HbtpFrame other = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 4, text("p"));
            try {
                assertThat(other).isNotSameAs(f);
                assertThat(f.sequence()).isEqualTo(3);
                assertThat(f.content().toString(StandardCharsets.UTF_8)).isEqualTo("result");
            } finally {
                other.release();
            }
            f.retain(3);
            assertThat(f.release(2)).isFalse();
            assertThat(f.release(2)).isTrue();
            assertThat(f.refCnt()).isZero();
        });
    }

    @Test
    void retainedDuplicateReplaceAndCopyOutliveTheOriginalAndItsReuse() throws Exception {
        onEventLoopLikeThread(() -> {
            HbtpFrame f = HbtpFrame.newInstance(HbtpOpcode.RPC_STREAM_CHUNK, 0, 11, text("chunk"));
            HbtpFrame dup = f.retainedDuplicate();
            HbtpFrame copy = f.copy();
            HbtpFrame replaced = f.replace(text("other"));
            HbtpFrame flagged = f.retainedDuplicate().withFlags(HbtpFlags.FINAL);
            assertThat(f.release()).isFalse(); // dup and flagged still hold the body
            // a pooled buffer's duplicate counts its own references (its release says true when they
            // are gone, though flagged still holds the body); an unpooled one shares the body's count
            dup.release();
            assertThat(flagged.release()).isTrue(); // the last reference to the body frees it
            assertThat(f.refCnt()).isZero();

            HbtpFrame reused = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 99, text("new"));
            try {
                for (HbtpFrame g : new HbtpFrame[] {copy, replaced}) {
                    assertThat(g).isNotSameAs(reused);
                    assertThat(g.type()).isEqualTo(HbtpOpcode.RPC_STREAM_CHUNK);
                    assertThat(g.sequence()).isEqualTo(11);
                }
                assertThat(copy.content().toString(StandardCharsets.UTF_8)).isEqualTo("chunk");
                assertThat(replaced.content().toString(StandardCharsets.UTF_8)).isEqualTo("other");
                assertThat(reused.content().toString(StandardCharsets.UTF_8)).isEqualTo("new");
            } finally {
                reused.release();
                copy.release();
                replaced.release();
            }
        });
    }

    @Test
    void releasingTheBodyDirectlyFreesTheBytesButNeverRecyclesTheFrame() throws Exception {
        onEventLoopLikeThread(() -> {
            HbtpFrame f = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 1, text("x"));
            assertThat(f.content().release()).isTrue();
            assertThat(f.refCnt()).isZero();
            assertThatThrownBy(f::content).isInstanceOf(IllegalReferenceCountException.class);
            HbtpFrame next = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 2, text("y"));
            try {
                assertThat(next).isNotSameAs(f);
            } finally {
                next.release();
            }
        });
    }

    @Test
    void framesFromConstructorsAreNeverPooledButStillFailLoudlyAfterRelease() throws Exception {
        onEventLoopLikeThread(() -> {
            HbtpFrame f = new HbtpFrame(HbtpOpcode.PING, 0, 1, text("x"));
            assertThat(f.isPooled()).isFalse();
            assertThat(f.release()).isTrue();
            assertThatThrownBy(f::sequence).isInstanceOf(IllegalReferenceCountException.class);
            HbtpFrame next = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 2, text("y"));
            try {
                assertThat(next).isNotSameAs(f);
            } finally {
                next.release();
            }
        });
    }

    @Test
    void paranoidLeakDetectionTurnsPoolingOffByDefault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(HbtpFrame.RECYCLE_PROPERTY) == null,
                "pooling forced by the system property");
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        assertThat(level).as("Surefire runs paranoid").isEqualTo(ResourceLeakDetector.Level.PARANOID);
        AtomicReference<Boolean> pooled = new AtomicReference<>();
        Thread t = new FastThreadLocalThread(null, () -> {
            HbtpFrame f = HbtpFrame.newInstance(HbtpOpcode.PING, 0, 1, Unpooled.EMPTY_BUFFER);
            pooled.set(f.isPooled());
            f.release();
        }, "hbtp-default-mode");
        t.start();
        t.join();
        assertThat(pooled.get()).isFalse();
    }

    @Test
    void aFrameReleasedOnAnotherThreadIsReleasedOnce() throws Exception {
        AtomicReference<HbtpFrame> made = new AtomicReference<>();
        onEventLoopLikeThread(() -> made.set(HbtpFrame.newInstance(HbtpOpcode.PING, 0, 1, text("x"))));
        HbtpFrame f = made.get();
        ByteBuf body = f.content();
        assertThat(f.release()).isTrue();
        assertThat(body.refCnt()).isZero();
        assertThatThrownBy(f::release).isInstanceOf(IllegalReferenceCountException.class);
    }
}
