package dev.dx.codec.hbtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The decoder's pooled body slice behaves like Netty's {@code retainedSlice} over any parent buffer. */
class RecycledSliceTest {

    /**
     * A parent of each kind the slice must serve: an array-backed one, an unpooled direct one, a pooled
     * direct one and a composite. All come from allocators whose buffers the leak detector tracks
     * (pooled heap, not {@code Unpooled} heap).
     */
    private static ByteBuf parent(String kind) {
        byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        PooledByteBufAllocator pool = PooledByteBufAllocator.DEFAULT;
        switch (kind) {
            case "heap":
                return pool.heapBuffer(32).writeBytes(bytes);
            case "direct":
                return UnpooledByteBufAllocator.DEFAULT.directBuffer(32).writeBytes(bytes);
            case "pooled":
                return pool.directBuffer(32).writeBytes(bytes);
            default:
                CompositeByteBuf c = pool.compositeDirectBuffer();
                c.addComponent(true, pool.directBuffer(7).writeBytes(bytes, 0, 7));
                c.addComponent(true, pool.directBuffer(9).writeBytes(bytes, 7, 9));
                return c;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct", "pooled", "composite"})
    void readsAndWritesGoToTheParentAtTheOffset(String kind) throws Exception {
        ByteBuf p = parent(kind);
        ByteBuf s = RecycledSlice.newInstance(p, 4, 8);
        try {
            assertThat(p.refCnt()).isEqualTo(2);
            assertThat(s.readerIndex()).isZero();
            assertThat(s.writerIndex()).isEqualTo(8);
            assertThat(s.capacity()).isEqualTo(8);
            assertThat(s.unwrap()).isSameAs(p);
            assertThat(s.toString(StandardCharsets.US_ASCII)).isEqualTo("456789ab");
            assertThat(s.getByte(0)).isEqualTo((byte) '4');
            assertThat(s.getShortLE(0)).isEqualTo(p.getShortLE(4));
            assertThat(s.getShort(1)).isEqualTo(p.getShort(5));
            assertThat(s.getUnsignedMedium(2)).isEqualTo(p.getUnsignedMedium(6));
            assertThat(s.getUnsignedMediumLE(2)).isEqualTo(p.getUnsignedMediumLE(6));
            assertThat(s.getInt(4)).isEqualTo(p.getInt(8));
            assertThat(s.getIntLE(4)).isEqualTo(p.getIntLE(8));
            assertThat(s.getLong(0)).isEqualTo(p.getLong(4));
            assertThat(s.getLongLE(0)).isEqualTo(p.getLongLE(4));
            assertThatThrownBy(() -> s.getByte(8)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.getLong(1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.capacity(16)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> s.writeByte(1)).isInstanceOf(IndexOutOfBoundsException.class);

            byte[] dst = new byte[3];
            s.getBytes(1, dst);
            assertThat(new String(dst, StandardCharsets.US_ASCII)).isEqualTo("567");
            ByteBuffer nio = s.nioBuffer(2, 3);
            assertThat(StandardCharsets.US_ASCII.decode(nio).toString()).isEqualTo("678");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getBytes(5, out, 3);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("9ab");
            ByteBuf copy = s.copy(0, 2);
            assertThat(copy.toString(StandardCharsets.US_ASCII)).isEqualTo("45");
            copy.release();
            ByteBuf sub = s.slice(6, 2);
            assertThat(sub.toString(StandardCharsets.US_ASCII)).isEqualTo("ab");

            s.setByte(0, 'X');
            s.setIntLE(4, 0x44434241);
            s.setBytes(1, new byte[] {'Y'});
            s.setBytes(2, ByteBuffer.wrap(new byte[] {'Z'}));
            assertThat(p.toString(StandardCharsets.US_ASCII)).isEqualTo("0123XYZ7ABCDcdef");
            if (s.hasArray()) {
                assertThat(s.array()[s.arrayOffset()]).isEqualTo((byte) 'X');
            }
            if (s.hasMemoryAddress()) {
                assertThat(s.memoryAddress()).isEqualTo(p.memoryAddress() + 4);
            }
        } finally {
            assertThat(s.release()).isTrue();
            assertThat(p.refCnt()).isEqualTo(1);
            p.release();
        }
    }

    @Test
    void aReleasedSliceFailsLoudlyAndGivesItsParentReferenceBackOnce() {
        ByteBuf p = parent("heap");
        ByteBuf s = RecycledSlice.newInstance(p, 0, 4);
        s.retain();
        assertThat(s.release()).isFalse();
        assertThat(p.refCnt()).isEqualTo(2);
        assertThat(s.release()).isTrue();
        assertThat(p.refCnt()).isEqualTo(1);
        assertThatThrownBy(() -> s.getByte(0)).isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(s::release).isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(() -> s.getBytes(0, new byte[1])).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(p.refCnt()).isEqualTo(1);
        p.release();
    }

    @Test
    void badBoundsAndReleasedParentsAreRefusedWithoutTouchingTheParent() {
        ByteBuf p = parent("heap");
        assertThatThrownBy(() -> RecycledSlice.newInstance(p, 30, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RecycledSlice.newInstance(p, -1, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(p.refCnt()).isEqualTo(1);
        p.release();
        assertThatThrownBy(() -> RecycledSlice.newInstance(p, 0, 4)).isInstanceOf(IllegalReferenceCountException.class);
    }

    @Test
    void aReleasedSliceCanBePointedAtNewBytesWithFreshIndexesButALiveOneCannot() {
        ByteBuf p1 = PooledByteBufAllocator.DEFAULT.directBuffer()
                .writeBytes("first-body".getBytes(StandardCharsets.US_ASCII));
        RecycledSlice s = RecycledSlice.newInstance(p1, 6, 4);
        assertThatThrownBy(() -> s.init(p1, 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(p1.refCnt()).isEqualTo(2);
        s.readByte();
        s.markReaderIndex();
        s.writerIndex(3);
        assertThat(s.release()).isTrue();
        p1.release();
        assertThat(p1.refCnt()).isZero();

        ByteBuf p2 = PooledByteBufAllocator.DEFAULT.directBuffer()
                .writeBytes("xy".getBytes(StandardCharsets.US_ASCII));
        assertThat(s.init(p2, 0, 2)).isSameAs(s);
        assertThat(s.refCnt()).isEqualTo(1);
        assertThat(s.readerIndex()).isZero();
        assertThat(s.writerIndex()).isEqualTo(2);
        assertThat(s.capacity()).isEqualTo(2);
        s.resetReaderIndex();
        assertThat(s.readerIndex()).isZero();
        assertThat(s.toString(StandardCharsets.US_ASCII)).isEqualTo("xy");
        assertThat(s.unwrap()).isSameAs(p2);
        s.release();
        assertThat(p2.refCnt()).isEqualTo(1);
        p2.release();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "direct", "pooled", "composite"})
    void narrowingPointsTheSameObjectAtPartOfItsBytesWithoutTouchingTheCounts(String kind) {
        ByteBuf p = parent(kind);
        RecycledSlice s = RecycledSlice.newInstance(p, 2, 12); // "23456789abcd"
        s.readByte();
        s.markReaderIndex();
        ByteBuf before = s.slice(0, 4); // a derived view reads through the slice's own offset
        s.retain();

        assertThat(s.narrow(3, 5)).isSameAs(s); // "56789"

        assertThat(s.refCnt()).as("its own count is kept").isEqualTo(2);
        assertThat(p.refCnt()).as("still one reference to the parent").isEqualTo(2);
        assertThat(s.readerIndex()).isZero();
        assertThat(s.writerIndex()).isEqualTo(5);
        assertThat(s.capacity()).isEqualTo(5);
        assertThat(s.maxCapacity()).isEqualTo(5);
        s.readByte();
        s.resetReaderIndex();
        assertThat(s.readerIndex()).as("the marks start at 0 again").isZero();
        assertThat(s.toString(StandardCharsets.US_ASCII)).isEqualTo("56789");
        assertThat(s.getByte(0)).isEqualTo((byte) '5');
        assertThat(s.getIntLE(1)).isEqualTo(p.getIntLE(6));
        assertThat(before.toString(StandardCharsets.US_ASCII)).isEqualTo("5678");
        assertThatThrownBy(() -> s.getByte(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.writerIndex(6)).isInstanceOf(IndexOutOfBoundsException.class);

        assertThat(s.narrow(1, 0).isReadable()).as("narrowed again, to nothing").isFalse();
        assertThat(s.release()).isFalse();
        assertThat(s.release()).isTrue();
        assertThat(p.refCnt()).isEqualTo(1);
        p.release();
    }

    @Test
    void narrowingOutsideTheSliceOrAfterItsReleaseIsRefused() {
        ByteBuf p = parent("pooled");
        RecycledSlice s = RecycledSlice.newInstance(p, 4, 8);
        assertThatThrownBy(() -> s.narrow(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.narrow(4, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.narrow(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(s.toString(StandardCharsets.US_ASCII)).as("a refused narrowing changes nothing")
                .isEqualTo("456789ab");
        assertThat(s.narrow(8, 0).capacity()).isZero();
        assertThat(s.release()).isTrue();
        assertThatThrownBy(() -> s.narrow(0, 0)).isInstanceOf(IllegalReferenceCountException.class);
        assertThat(p.refCnt()).isEqualTo(1);
        p.release();
    }
}
