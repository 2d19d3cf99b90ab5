package dev.dx.teleport;

import static dev.dx.teleport.TeleportMessageTest.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * §1: the checks {@link TeleportMessageFlyweight#wrap(ByteBuf, TeleportLayout)} makes before
 * anything is read, each named, on a flyweight re-wrapped from message to message; and that a
 * re-wrapped flyweight reads each message's own bytes and nothing past its end.
 */
class TeleportMessageFlyweightTest {

    private static final byte[] USER = TestBytes.vector("user.hex");
    private static final TeleportLayout OTHER = TeleportLayout.of("struct Other{x:i64@0}#8:8", 8, 8);

    @Test
    void wrapsTheSpecExampleWithoutTakingOrMovingTheBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(new byte[] {9, 9})
                .writeBytes(USER).writeByte(7).skipBytes(2);
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            assertThat(m.wrap(buf, TestBytes.USER)).isSameAs(m);
            assertThat(m.layout()).isSameAs(TestBytes.USER);
            assertThat(m.dataLength()).isEqualTo(24);
            assertThat(m.stringLength()).isEqualTo(3);
            assertThat(m.length()).isEqualTo(51);
            assertUser(m);
            assertThat(buf.readerIndex()).isEqualTo(2);
            assertThat(buf.writerIndex()).isEqualTo(2 + 51 + 1);
            assertThat(buf.refCnt()).isEqualTo(1);
            // the byte after the message is in the buffer but not in the message
            assertThatThrownBy(() -> m.i8(51)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> m.i64(48)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(m.i8(50)).isEqualTo((byte) 'a');
        } finally {
            buf.release();
        }
    }

    @Test
    void everyHeaderCheckIsNamedAndLeavesTheFlyweightWrappingNothing() {
        hostile(b -> b.writerIndex(23), TeleportCheck.HEADER_LENGTH);
        hostile(b -> b.writerIndex(0), TeleportCheck.HEADER_LENGTH);
        hostile(b -> b.writerIndex(50), TeleportCheck.MESSAGE_LENGTH);
        hostile(b -> b.setByte(1, 'Y'), TeleportCheck.MAGIC);
        hostile(b -> b.setByte(4, 2), TeleportCheck.VERSION);
        hostile(b -> b.setByte(4, 0), TeleportCheck.VERSION);
        hostile(b -> b.setByte(5, 1), TeleportCheck.RESERVED);
        hostile(b -> b.setByte(7, 0x80), TeleportCheck.RESERVED);
        hostile(b -> b.setByte(15, 0), TeleportCheck.FINGERPRINT);
        hostile(b -> b.setIntLE(16, 25), TeleportCheck.DATA_ALIGNMENT);
        hostile(b -> b.setIntLE(16, 16).setIntLE(20, 11), TeleportCheck.ROOT_SIZE);
        hostile(b -> b.setIntLE(20, 4), TeleportCheck.MESSAGE_LENGTH);
        hostile(b -> b.setByte(23, 0x80), TeleportCheck.MESSAGE_LENGTH); // S >= 2^31
        hostile(b -> b.setIntLE(16, 0xfffffff8).setIntLE(20, -1), TeleportCheck.MESSAGE_LENGTH); // > 2^32
    }

    /** A flyweight that read a good message refuses the patched one, then reads the good one again. */
    private static void hostile(Consumer<ByteBuf> patch, TeleportCheck check) {
        ByteBuf good = PooledByteBufAllocator.DEFAULT.directBuffer(USER.length).writeBytes(USER);
        ByteBuf bad = PooledByteBufAllocator.DEFAULT.directBuffer(USER.length).writeBytes(USER);
        patch.accept(bad);
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight().wrap(good, TestBytes.USER);
            assertUser(m);
            assertCheck(() -> m.wrap(bad, TestBytes.USER), check);
            // nothing is wrapped now: no read reaches the refused bytes or the last good message
            assertThatThrownBy(m::layout).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> m.i64(24)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> m.i8(0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertUser(m.wrap(good, TestBytes.USER));
            assertThat(bad.refCnt()).isEqualTo(1);
        } finally {
            good.release();
            bad.release();
        }
    }

    @Test
    void reWrappedOnMessagesOfOneBufferItReadsEachOnesBytes() {
        // two messages back to back in one pooled direct buffer, as a decoder's read holds them,
        // read at the reader index and as retained slices; and the same in one heap array
        byte[] second = USER.clone();
        second[24] = 43; // id
        second[50] = 'e'; // "Ade"
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(128).writeBytes(USER).writeBytes(second);
        ByteBuf heap = Unpooled.buffer(128).writeBytes(USER).writeBytes(second);
        try {
            TeleportMessageFlyweight m = new TeleportMessageFlyweight();
            for (ByteBuf buf : new ByteBuf[] {direct, heap, direct}) {
                for (int round = 0; round < 2; round++) {
                    buf.readerIndex(0);
                    assertThat(m.wrap(buf, TestBytes.USER).i64(24)).isEqualTo(42);
                    assertThat(m.string(32)).isEqualTo("Ada");
                    buf.readerIndex(51);
                    assertThat(m.wrap(buf, TestBytes.USER).i64(24)).isEqualTo(43);
                    assertThat(m.string(32)).isEqualTo("Ade");
                    assertThat(m.stringBytes(32).getByte(2)).isEqualTo((byte) 'e');
                    ByteBuf first = buf.retainedSlice(0, 51);
                    ByteBuf next = buf.retainedSlice(51, 51);
                    try {
                        assertThat(m.wrap(next, TestBytes.USER).string(32)).isEqualTo("Ade");
                        assertThat(m.wrap(first, TestBytes.USER).string(32)).isEqualTo("Ada");
                        assertThat(m.stringEquals(32, "Ada")).isTrue();
                        assertThatThrownBy(() -> m.i8(51)).isInstanceOf(IndexOutOfBoundsException.class);
                    } finally {
                        first.release();
                        next.release();
                    }
                }
            }
        } finally {
            direct.release();
            heap.release();
        }
    }

    @Test
    void aMessageInSeveralComponentsIsReadToo() {
        ByteBuf composite = Unpooled.wrappedBuffer(
                Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(USER, 0, 30)),
                Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(USER, 30, USER.length)));
        try {
            assertUser(new TeleportMessageFlyweight().wrap(composite, TestBytes.USER));
        } finally {
            composite.release();
        }
    }

    @Test
    void aReleasedBufferIsRefused() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(USER);
        buf.release();
        assertThatThrownBy(() -> new TeleportMessageFlyweight().wrap(buf, TestBytes.USER))
                .isInstanceOf(IllegalReferenceCountException.class);
    }

    @Test
    void wrappedOnAMessageItStopsReadingAtTheMessagesRelease() {
        TeleportMessage message = TeleportMessage.wrap(
                PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(USER), TestBytes.USER);
        TeleportMessageFlyweight m = new TeleportMessageFlyweight().wrap(message);
        assertUser(m);
        assertThat(m.expect(TestBytes.USER)).isSameAs(TestBytes.USER);
        assertThatThrownBy(() -> m.expect(OTHER)).isInstanceOf(TeleportFormatException.class)
                .hasMessageContaining("FINGERPRINT: message is User 0xdc414aabc54060cb")
                .hasMessageContaining("expected: Other");
        assertThat(message.release()).isTrue();
        assertThatThrownBy(() -> m.i64(24)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.string(32)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.wrap(message)).isInstanceOf(IllegalReferenceCountException.class);
    }

    private static void assertUser(TeleportMessageFlyweight m) {
        assertThat(m.i64(24)).isEqualTo(42);
        assertThat(m.string(32)).isEqualTo("Ada");
        assertThat(m.i8(40)).isEqualTo((byte) 36);
        assertThat(m.bool(41)).isTrue();
    }

    @Test
    void wrappingLeavesTheBufferSharedNioStateAlone() {
        // Netty keeps one ByteBuffer per buffer for its own operations (socket writes among them,
        // possibly on another thread); a reader must not move its position or limit
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeBytes(USER);
        try {
            java.nio.ByteBuffer shared = buf.unwrap() != null ? buf.unwrap().internalNioBuffer(3, 5)
                    : buf.internalNioBuffer(3, 5);
            int position = shared.position();
            int limit = shared.limit();
            TeleportMessageFlyweight m = new TeleportMessageFlyweight().wrap(buf, TestBytes.USER);
            assertThat(m.i64(24)).isEqualTo(42);
            assertThat(shared.position()).isEqualTo(position);
            assertThat(shared.limit()).isEqualTo(limit);
        } finally {
            buf.release();
        }
    }
}
