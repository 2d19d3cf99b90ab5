package dev.dx.teleport.generated;

import static dev.dx.teleport.generated.HostileInputTest.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.TeleportCheck;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.sample.Car_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

/**
 * A view checks a slice reference once per wrap and keeps the checked value; re-wrapping it (on
 * the same or another message) forgets it, so the next message's references are checked again.
 * A view over a {@link TeleportMessage} stops reading when the message's last release frees it.
 */
class ViewReuseTest {

    private static final byte[] CAR = Hex.resource("car.hex");
    /** Data offset of Car.codes, a slice&lt;i32&gt; of 3 elements. */
    private static final int CODES = 36;

    @Test
    void rewrappingChecksTheNextMessagesSliceReferences() {
        ByteBuf good = Unpooled.wrappedBuffer(CAR.clone());
        ByteBuf shorter = Unpooled.wrappedBuffer(CAR.clone());
        shorter.setIntLE(24 + CODES + 4, 2);
        ByteBuf hostile = Unpooled.wrappedBuffer(CAR.clone());
        hostile.setIntLE(24 + CODES + 4, 1_000_000);
        try {
            Car_Teleport.View view = new Car_Teleport.View();
            for (int round = 0; round < 2; round++) {
                TeleportMessage.validate(good, Car_Teleport.LAYOUT);
                view.wrap(good, TeleportMessage.HEADER_SIZE);
                assertThat(view.codesCount()).isEqualTo(3);
                assertThat(view.codes(2)).isEqualTo(9);

                TeleportMessage.validate(shorter, Car_Teleport.LAYOUT);
                view.wrap(shorter, TeleportMessage.HEADER_SIZE);
                assertThat(view.codesCount()).isEqualTo(2);
                assertThat(view.codes(1)).isEqualTo(view.wrap(good, 24).codes(1));

                TeleportMessage.validate(hostile, Car_Teleport.LAYOUT); // header only
                view.wrap(hostile, TeleportMessage.HEADER_SIZE);
                assertCheck(view::codesCount, TeleportCheck.SLICE_BOUNDS);
                assertCheck(() -> view.codes(0), TeleportCheck.SLICE_BOUNDS);
            }
        } finally {
            good.release();
            shorter.release();
            hostile.release();
        }
    }

    @Test
    void elementViewsOfOneSliceShareOneCheck() {
        ByteBuf buf = Unpooled.wrappedBuffer(CAR.clone());
        try {
            Car_Teleport.View view = new Car_Teleport.View().wrap(buf, TeleportMessage.HEADER_SIZE);
            int n = view.wheelsCount();
            assertThat(n).isPositive();
            byte first = view.wheels(0).position();
            // the checked reference is kept: element reads agree with a fresh view's
            Car_Teleport.View fresh = new Car_Teleport.View().wrap(buf, TeleportMessage.HEADER_SIZE);
            for (int i = 0; i < n; i++) {
                assertThat(view.wheels(i).pressure()).isEqualTo(fresh.wheels(i).pressure());
                assertThat(view.wheels(i).brand()).isEqualTo(fresh.wheels(i).brand());
            }
            assertThat(view.wheels(0).position()).isEqualTo(first);
        } finally {
            buf.release();
        }
    }

    @Test
    void aViewOverAReleasedMessageFailsInsteadOfReadingFreedMemory() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(CAR.length).writeBytes(CAR);
        TeleportMessage message = TeleportMessage.wrap(buf, Car_Teleport.LAYOUT);
        Car_Teleport.View view = Car_Teleport.view(message);
        long serial = view.serial();
        assertThat(view.wheelsCount()).isPositive();
        byte position = view.wheels(0).position();
        assertThat(message.release()).isTrue();
        assertThatThrownBy(view::serial).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(view::model).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.wheels(0).position()).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(serial).isNotZero();
        assertThat(position).isNotNegative();
    }

    @Test
    void wrappingAReleasedMessageFails() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(CAR.length).writeBytes(CAR);
        TeleportMessage neverViewed = TeleportMessage.wrap(buf, Car_Teleport.LAYOUT);
        assertThat(neverViewed.release()).isTrue();
        // no memory was made before the release: wrap refuses
        assertThatThrownBy(() -> Car_Teleport.view(neverViewed))
                .isInstanceOf(IllegalReferenceCountException.class);

        ByteBuf again = PooledByteBufAllocator.DEFAULT.directBuffer(CAR.length).writeBytes(CAR);
        TeleportMessage viewed = TeleportMessage.wrap(again, Car_Teleport.LAYOUT);
        Car_Teleport.View view = Car_Teleport.view(viewed);
        assertThat(view.serial()).isNotZero();
        assertThat(viewed.release()).isTrue();
        // the memory was made: the release closed it, and a new view's first read fails
        Car_Teleport.View late = new Car_Teleport.View().wrap(viewed);
        assertThatThrownBy(late::serial).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(late::model).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aRetainedMessageStaysReadableUntilItsLastRelease() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(CAR.length).writeBytes(CAR);
        TeleportMessage message = TeleportMessage.wrap(buf, Car_Teleport.LAYOUT).retain();
        Car_Teleport.View view = Car_Teleport.view(message);
        long serial = view.serial();
        assertThat(message.release()).isFalse();
        assertThat(view.serial()).isEqualTo(serial);
        assertThat(message.release()).isTrue();
        assertThatThrownBy(view::serial).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aViewWrappedOnRawBuffersReadsEachBuffersBytes() {
        ByteBuf direct1 = PooledByteBufAllocator.DEFAULT.directBuffer(CAR.length).writeBytes(CAR);
        ByteBuf direct2 = PooledByteBufAllocator.DEFAULT.directBuffer(CAR.length).writeBytes(CAR);
        direct2.setLongLE(24 + Car_Teleport.SERIAL_OFFSET, 2);
        byte[] twoCars = new byte[2 * CAR.length];
        System.arraycopy(CAR, 0, twoCars, 0, CAR.length);
        System.arraycopy(CAR, 0, twoCars, CAR.length, CAR.length);
        ByteBuf heap = Unpooled.wrappedBuffer(twoCars);
        heap.setLongLE(CAR.length + 24 + Car_Teleport.SERIAL_OFFSET, 3);
        ByteBuf heap1 = heap.slice(0, CAR.length);
        ByteBuf heap2 = heap.slice(CAR.length, CAR.length); // same array, another offset
        TeleportMessage message = TeleportMessage.wrap(direct2.retainedDuplicate(), Car_Teleport.LAYOUT);
        try {
            long serial = new Car_Teleport.View().wrap(direct1, 24).serial();
            Car_Teleport.View view = new Car_Teleport.View();
            for (int round = 0; round < 2; round++) { // the second round reuses what the first made
                assertThat(view.wrap(direct1, 24).serial()).isEqualTo(serial);
                assertThat(view.wrap(direct2, 24).serial()).isEqualTo(2);
                assertThat(view.wrap(message).serial()).isEqualTo(2);
                assertThat(view.wrap(direct1, 24).serial()).isEqualTo(serial);
                assertThat(view.wrap(heap1, 24).serial()).isEqualTo(serial);
                assertThat(view.wrap(heap2, 24).serial()).isEqualTo(3);
                assertThat(view.wrap(heap1, 24).model()).isEqualTo(view.wrap(direct1, 24).model());
            }
        } finally {
            message.release();
            direct1.release();
            direct2.release();
            heap.release();
        }
    }
}
