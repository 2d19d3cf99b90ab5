package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** §1: the checks {@link TeleportMessage#wrap} makes before a view is handed out. */
class TeleportMessageTest {

    private static final byte[] USER = TestBytes.vector("user.hex");
    private static final TeleportLayout OTHER = TeleportLayout.of("struct Other{x:i64@0}#8:8", 8, 8);

    @Test
    void acceptsTheSpecExample() {
        ByteBuf buf = Unpooled.wrappedBuffer(USER);
        TeleportMessage message = TeleportMessage.wrap(buf, TestBytes.USER);
        assertThat(message.layout()).isEqualTo(TestBytes.USER);
        assertThat(message.fingerprint()).isEqualTo(0xdc414aabc54060cbL);
        assertThat(message.dataLength()).isEqualTo(24);
        assertThat(message.stringLength()).isEqualTo(3);
        assertThat(message.length()).isEqualTo(51);
        assertThat(message.content().readableBytes()).isEqualTo(51);
        assertThat(message.content()).isSameAs(buf); // exactly the message: no slice
        assertThat(message.release()).isTrue();
        assertThat(buf.refCnt()).isZero(); // the message owned the caller's reference
    }

    @Test
    void messageMayStartAfterTheReaderIndexAndBeFollowedByOtherBytes() {
        ByteBuf buf = Unpooled.buffer().writeBytes(new byte[] {9, 9}).writeBytes(USER).writeByte(7);
        buf.skipBytes(2);
        TeleportMessage message = TeleportMessage.wrap(buf, OTHER, TestBytes.USER);
        try {
            assertThat(message.layout()).isEqualTo(TestBytes.USER);
            assertThat(message.content().getIntLE(0)).isEqualTo(0x50545844); // header at index 0
            assertThat(message.content().readableBytes()).isEqualTo(51);
            assertThat(buf.readerIndex()).isEqualTo(2); // wrap moves no index
            // the memory views read through starts at the header too and ends with the message
            assertThat(message.memory().getInt(0)).isEqualTo(Integer.reverseBytes(0x50545844));
            assertThat(message.memory().limit()).isEqualTo(51);
            assertThat(message.memory().getLong(24)).isEqualTo(Long.reverseBytes(42));
        } finally {
            message.release();
        }
    }

    @Test
    void releasingTheMessageClosesItsMemory() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(USER);
        TeleportMessage message = TeleportMessage.wrap(buf, TestBytes.USER);
        TeleportMessageFlyweight view = new TeleportMessageFlyweight().wrap(message);
        assertThat(view.i64(24)).isEqualTo(42);
        assertThat(message.release()).isTrue();
        assertThat(message.memory().limit()).isZero();
        assertThatThrownBy(() -> view.i64(24)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.string(32)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void memoryAskedForAfterTheReleaseIsRefused() {
        TeleportMessage message = TeleportMessage.wrap(
                PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(USER), TestBytes.USER);
        assertThat(message.release()).isTrue();
        assertThatThrownBy(message::memory).isInstanceOf(IllegalReferenceCountException.class);
    }

    @Test
    void headerChecks() {
        assertWrap(copy(USER, 0, 23), TeleportCheck.HEADER_LENGTH);
        assertWrap(copy(USER, 0, 50), TeleportCheck.MESSAGE_LENGTH);
        assertWrap(patch(USER, 1, 'Y'), TeleportCheck.MAGIC);
        assertWrap(patch(USER, 4, 3), TeleportCheck.VERSION);
        assertWrap(patch(USER, 5, 1), TeleportCheck.RESERVED);
        assertWrap(patch(USER, 6, 1), TeleportCheck.RESERVED);
        assertWrap(patch(USER, 15, 0), TeleportCheck.FINGERPRINT);
        assertWrap(patch(USER, 16, 0x19), TeleportCheck.DATA_ALIGNMENT); // D = 25
        assertWrap(patch(patch(USER, 16, 0x10), 20, 0x0b), TeleportCheck.ROOT_SIZE); // D = 16
        assertWrap(patch(USER, 23, 0x80), TeleportCheck.MESSAGE_LENGTH); // S ≥ 2^31
    }

    @Test
    void expectNamesBothTypes() {
        TeleportMessage message = TeleportMessage.wrap(Unpooled.wrappedBuffer(USER), TestBytes.USER);
        try {
            assertThat(message.expect(TestBytes.USER)).isSameAs(TestBytes.USER);
            assertThatThrownBy(() -> message.expect(OTHER))
                    .isInstanceOf(TeleportFormatException.class)
                    .hasMessageContaining("FINGERPRINT: message is User 0xdc414aabc54060cb")
                    .hasMessageContaining("expected: Other");
        } finally {
            message.release();
        }
    }

    @Test
    void derivedMessagesKeepTheLayout() {
        TeleportMessage message = TeleportMessage.wrap(Unpooled.wrappedBuffer(USER), TestBytes.USER);
        TeleportMessage copy = message.copy();
        TeleportMessage duplicate = message.retainedDuplicate();
        try {
            assertThat(copy.layout()).isEqualTo(TestBytes.USER);
            assertThat(copy.dataLength()).isEqualTo(24);
            assertThat(duplicate.stringLength()).isEqualTo(3);
            assertThat(message.refCnt()).isEqualTo(2);
        } finally {
            copy.release();
            duplicate.release();
            message.release();
        }
    }

    private static void assertWrap(byte[] bytes, TeleportCheck check) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertCheck(() -> TeleportMessage.wrap(buf, TestBytes.USER), check);
            assertThat(buf.refCnt()).isEqualTo(1);
        } finally {
            buf.release();
        }
    }

    static void assertCheck(ThrowingCallable call, TeleportCheck check) {
        assertThatThrownBy(call).isInstanceOf(TeleportFormatException.class)
                .hasMessageStartingWith(check.name() + ": ")
                .satisfies(e -> assertThat(((TeleportFormatException) e).check()).isEqualTo(check));
    }

    private static byte[] patch(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static byte[] copy(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
