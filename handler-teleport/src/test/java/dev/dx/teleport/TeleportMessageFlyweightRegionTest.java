package dev.dx.teleport;

import static dev.dx.teleport.TeleportMessageTest.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The short path of {@link TeleportMessageFlyweight#wrap(ByteBuf, TeleportLayout)}: a message whose
 * bytes lie at a known address of the region the last message was in is read there, and any other
 * is mapped afresh. Each test moves the flyweight between places where reusing the last region
 * would read the wrong bytes or read past the message: the region's last bytes, another buffer,
 * a heap array and back, and messages cut short.
 */
class TeleportMessageFlyweightRegionTest {

    /** A {@link TestBytes#USER} message with {@code name} in its string table. */
    private static byte[] user(long id, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeLongLE(0x0000_0001_5054_5844L).writeLongLE(TestBytes.USER.fingerprint())
                    .writeIntLE(24).writeIntLE(utf8.length)
                    .writeLongLE(id).writeIntLE(0).writeIntLE(utf8.length).writeByte(36).writeByte(1)
                    .writeZero(6).writeBytes(utf8);
            return TestBytes.bytes(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void aMessageEndingAtTheBuffersLastByteIsReadToItsEnd() {
        byte[] first = user(1, "Ada");
        // non-ASCII as the last byte of the buffer: read through the word copy, then as UTF-8
        byte[] last = user(2, "Mercedes-Benz 300 SL Roadst\u00e9");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(first.length + last.length,
                first.length + last.length);
        try {
            buf.writeBytes(first).writeBytes(last);
            assertThat(buf.writableBytes()).isZero();
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            assertThat(m.wrap(buf, TestBytes.USER).string(32)).isEqualTo("Ada");
            buf.readerIndex(first.length);
            assertThat(m.wrap(buf, TestBytes.USER).i64(24)).isEqualTo(2);
            assertThat(m.string(32)).isEqualTo("Mercedes-Benz 300 SL Roadst\u00e9");
            // the message's end bounds reads, not the region's
            assertThatThrownBy(() -> m.i8(last.length)).isInstanceOf(IndexOutOfBoundsException.class);
            buf.readerIndex(0);
            assertThat(m.wrap(buf, TestBytes.USER).string(32)).isEqualTo("Ada");
            assertThatThrownBy(() -> m.i8(first.length)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void movingBetweenBuffersReadsEachOnesBytes() {
        byte[] ada = user(1, "Ada");
        byte[] bob = user(2, "Bob \u65e5\u672c");
        ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeBytes(ada);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeZero(8).writeBytes(bob).skipBytes(8);
        ByteBuf heap = Unpooled.buffer(64).writeBytes(bob);
        ByteBuf slice = a.retainedSlice(0, ada.length);
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            for (int round = 0; round < 3; round++) {
                assertThat(m.wrap(a, TestBytes.USER).string(32)).isEqualTo("Ada");
                assertThat(m.wrap(b, TestBytes.USER).string(32)).isEqualTo("Bob \u65e5\u672c");
                assertThat(m.i64(24)).isEqualTo(2);
                assertThat(m.wrap(slice, TestBytes.USER).i64(24)).isEqualTo(1);
                assertThat(m.wrap(heap, TestBytes.USER).string(32)).isEqualTo("Bob \u65e5\u672c");
                assertThat(m.wrap(a, TestBytes.USER).i64(24)).isEqualTo(1);
            }
        } finally {
            a.release();
            b.release();
            heap.release();
            slice.release();
        }
    }

    @Test
    void aMessageCutShortInTheKnownRegionIsRefusedAndLeavesNothingReadable() {
        byte[] ada = user(1, "Ada");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(128).writeBytes(ada).writeBytes(ada);
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            m.wrap(buf, TestBytes.USER);
            // the second message, one byte short: the region is known, the bytes are not all there
            buf.readerIndex(ada.length).writerIndex(2 * ada.length - 1);
            assertCheck(() -> m.wrap(buf, TestBytes.USER), TeleportCheck.MESSAGE_LENGTH);
            assertThatThrownBy(() -> m.i64(24)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(m::layout).isInstanceOf(IllegalStateException.class);
            // the layout of the last message is kept, but a view wrapping the root is refused
            assertThatThrownBy(() -> m.expect(TestBytes.USER)).isInstanceOf(IllegalStateException.class);
            assertThat(m).hasToString("TeleportMessageFlyweight(none)");
            // fewer than 24 bytes
            buf.writerIndex(ada.length + 23);
            assertCheck(() -> m.wrap(buf, TestBytes.USER), TeleportCheck.HEADER_LENGTH);
            assertThatThrownBy(() -> m.i64(0)).isInstanceOf(IndexOutOfBoundsException.class);
            // and whole again
            buf.writerIndex(2 * ada.length);
            assertThat(m.wrap(buf, TestBytes.USER).string(32)).isEqualTo("Ada");
        } finally {
            buf.release();
        }
    }

    @Test
    void eachHeaderFieldIsCheckedInTheKnownRegion() {
        byte[] ada = user(1, "Ada");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeBytes(ada);
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            m.wrap(buf, TestBytes.USER); // the region is now known: every refusal below is on the short path
            int[][] edits = {{0, 'X'}, {4, 2}, {5, 1}, {7, 1}, {8, 0x55}, {16, 20}, {16, 16}, {20, 4}};
            TeleportCheck[] checks = {TeleportCheck.MAGIC, TeleportCheck.VERSION, TeleportCheck.RESERVED,
                TeleportCheck.RESERVED, TeleportCheck.FINGERPRINT, TeleportCheck.DATA_ALIGNMENT,
                TeleportCheck.ROOT_SIZE, TeleportCheck.MESSAGE_LENGTH};
            for (int i = 0; i < edits.length; i++) {
                int index = edits[i][0];
                byte was = buf.getByte(index);
                buf.setByte(index, edits[i][1]);
                assertCheck(() -> m.wrap(buf, TestBytes.USER), checks[i]);
                buf.setByte(index, was);
                assertThat(m.wrap(buf, TestBytes.USER).string(32)).isEqualTo("Ada");
            }
        } finally {
            buf.release();
        }
    }
    /**
     * Counted with the JVM's per-thread allocation counter, not timed, and calibrated in the same
     * run by {@link TeleportMessage#wrap}, which makes an object per message. The buffer is the
     * pooled one under the leak detector's wrapper (which records, and so allocates, on every
     * access under {@code paranoid}): what a decoder's buffer is when the detector is off.
     */
    @Test
    void reWrappingOnePooledBufferAllocatesNothingPerMessage() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] ada = user(1, "Ada");
        ByteBuf tracked = PooledByteBufAllocator.DEFAULT.directBuffer(128).writeBytes(ada).writeBytes(ada);
        ByteBuf buf = tracked.unwrap() == null ? tracked : tracked.unwrap();
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            long tid = Thread.currentThread().getId();
            int messages = 20_000;
            long sum = 0;
            long flyweightBytes = Long.MAX_VALUE;
            long messageBytes = Long.MAX_VALUE;
            // warm up, then keep the least of three counts (the JIT's work on a loaded machine can
            // allocate in code not yet compiled; an allocation per message shows in every count)
            for (int attempt = 0; attempt < 6; attempt++) {
                long before = threads.getThreadAllocatedBytes(tid);
                for (int i = 0; i < messages; i++) {
                    buf.readerIndex((i & 1) * ada.length);
                    sum += m.wrap(buf, TestBytes.USER).i64(24);
                }
                long flyweight = threads.getThreadAllocatedBytes(tid) - before;
                before = threads.getThreadAllocatedBytes(tid);
                for (int i = 0; i < messages; i++) {
                    buf.readerIndex((i & 1) * ada.length);
                    sum += TeleportMessage.wrap(buf, TestBytes.USER).dataLength();
                }
                long message = threads.getThreadAllocatedBytes(tid) - before;
                if (attempt >= 3) {
                    flyweightBytes = Math.min(flyweightBytes, flyweight);
                    messageBytes = Math.min(messageBytes, message);
                }
            }
            assertThat(sum).isPositive();
            assertThat(messageBytes).as("a message object per message (the counter's calibration)")
                    .isGreaterThan(messages * 16L);
            assertThat(flyweightBytes).as("bytes allocated by %d wraps", messages).isLessThan(messages);
        } finally {
            tracked.release();
        }
    }
}
