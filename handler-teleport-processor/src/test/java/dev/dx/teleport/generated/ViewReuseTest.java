package dev.dx.teleport.generated;

import static dev.dx.teleport.generated.HostileInputTest.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.TeleportCheck;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
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
 * Views read through a {@link TeleportMessageFlyweight} re-wrapped from buffer to buffer.
 */
class ViewReuseTest {

    private static final byte[] CAR = Hex.resource("car.hex");
    /** Data offset of Car.codes, a slice&lt;i32&gt; of 3 elements. */
    private static final int CODES = 36;

    @Test
    void rewrappingChecksTheNextMessagesSliceReferences() {
        ByteBuf good = direct(CAR);
        ByteBuf shorter = direct(CAR);
        shorter.setIntLE(24 + CODES + 4, 2);
        ByteBuf hostile = direct(CAR);
        hostile.setIntLE(24 + CODES + 4, 1_000_000);
        try {
            Car_Teleport.View view = new Car_Teleport.View();
            TeleportMessageFlyweight message = new TeleportMessageFlyweight();
            TeleportMessageFlyweight other = new TeleportMessageFlyweight();
            for (int round = 0; round < 2; round++) {
                view.wrap(message.wrap(good, Car_Teleport.LAYOUT));
                assertThat(view.codesCount()).isEqualTo(3);
                assertThat(view.codes(2)).isEqualTo(9);

                view.wrap(message.wrap(shorter, Car_Teleport.LAYOUT));
                assertThat(view.codesCount()).isEqualTo(2);
                assertThat(view.codes(1)).isEqualTo(view.wrap(other.wrap(good, Car_Teleport.LAYOUT)).codes(1));

                view.wrap(message.wrap(hostile, Car_Teleport.LAYOUT)); // header checks only
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
        ByteBuf buf = direct(CAR);
        try {
            TeleportMessageFlyweight message = new TeleportMessageFlyweight().wrap(buf, Car_Teleport.LAYOUT);
            Car_Teleport.View view = new Car_Teleport.View().wrap(message);
            int n = view.wheelsCount();
            assertThat(n).isPositive();
            byte first = view.wheels(0).position();
            // the checked reference is kept: element reads agree with a fresh view's
            Car_Teleport.View fresh = new Car_Teleport.View().wrap(message);
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
        // the memory was made, but wrap goes through the message's checked content() all the same
        assertThatThrownBy(() -> new Car_Teleport.View().wrap(viewed))
                .isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(view::model).isInstanceOf(IndexOutOfBoundsException.class);
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
        TeleportMessageFlyweight m = new TeleportMessageFlyweight();
        TeleportMessageFlyweight m2 = new TeleportMessageFlyweight();
        try {
            long serial = new Car_Teleport.View().wrap(m.wrap(direct1, Car_Teleport.LAYOUT)).serial();
            Car_Teleport.View view = new Car_Teleport.View();
            for (int round = 0; round < 2; round++) { // the second round reuses what the first made
                assertThat(view.wrap(m.wrap(direct1, Car_Teleport.LAYOUT)).serial()).isEqualTo(serial);
                assertThat(view.wrap(m.wrap(direct2, Car_Teleport.LAYOUT)).serial()).isEqualTo(2);
                assertThat(view.wrap(message).serial()).isEqualTo(2);
                assertThat(view.wrap(m.wrap(direct1, Car_Teleport.LAYOUT)).serial()).isEqualTo(serial);
                assertThat(view.wrap(m.wrap(heap1, Car_Teleport.LAYOUT)).serial()).isEqualTo(serial);
                assertThat(view.wrap(m.wrap(heap2, Car_Teleport.LAYOUT)).serial()).isEqualTo(3);
                assertThat(view.wrap(m.wrap(heap1, Car_Teleport.LAYOUT)).model())
                        .isEqualTo(view.wrap(m2.wrap(direct1, Car_Teleport.LAYOUT)).model());
            }
        } finally {
            message.release();
            direct1.release();
            direct2.release();
            heap.release();
        }
    }

    private static ByteBuf direct(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }
}
