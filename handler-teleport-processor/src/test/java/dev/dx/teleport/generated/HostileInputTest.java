package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.dx.teleport.TeleportCheck;
import dev.dx.teleport.TeleportFormatException;
import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.sample.Car_Teleport;
import dev.dx.teleport.sample.Counts_Teleport;
import dev.dx.teleport.sample.Slices_Teleport;
import dev.dx.teleport.sample.Strings_Teleport;
import dev.dx.teleport.sample.User_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Hostile input (§1: "every string or slice reference is checked against S or D before it is
 * followed. A failed check is an error naming the check; it never reads outside the message").
 * Every message is a slice of exactly 24 + D + S bytes, so a read outside it would surface as an
 * {@code IndexOutOfBoundsException} instead of the named {@link TeleportFormatException}.
 */
class HostileInputTest {

    private static final byte[] USER = Hex.resource("user.hex");
    private static final byte[] CAR = Hex.resource("car.hex");
    private static final byte[] SLICES = Hex.resource("slices.hex");
    private static final byte[] COUNTS = Hex.resource("counts.hex");

    // §1 header checks

    @Test
    void truncatedMessage() {
        for (int n = 0; n < USER.length; n++) {
            ByteBuf buf = Unpooled.wrappedBuffer(USER, 0, n);
            TeleportCheck expected = n < 24 ? TeleportCheck.HEADER_LENGTH : TeleportCheck.MESSAGE_LENGTH;
            assertCheck(() -> TeleportMessage.wrap(buf, User_Teleport.LAYOUT), expected);
            assertThat(buf.refCnt()).isEqualTo(1); // a failed wrap leaves the buffer to the caller
            buf.release();
        }
    }

    @Test
    void wrongMagic() {
        assertHeaderCheck(patch(USER, 0, 0x45), User_Teleport.LAYOUT, TeleportCheck.MAGIC);
        assertHeaderCheck(patch(USER, 3, 0x51), User_Teleport.LAYOUT, TeleportCheck.MAGIC);
    }

    @Test
    void wrongVersion() {
        assertHeaderCheck(patch(USER, 4, 2), User_Teleport.LAYOUT, TeleportCheck.VERSION);
        assertHeaderCheck(patch(USER, 4, 0), User_Teleport.LAYOUT, TeleportCheck.VERSION);
    }

    @Test
    void nonZeroFlagsOrReserved() {
        assertHeaderCheck(patch(USER, 5, 1), User_Teleport.LAYOUT, TeleportCheck.RESERVED);
        assertHeaderCheck(patch(USER, 7, 0x80), User_Teleport.LAYOUT, TeleportCheck.RESERVED);
    }

    @Test
    void fingerprintMismatch() {
        assertHeaderCheck(USER, Strings_Teleport.LAYOUT, TeleportCheck.FINGERPRINT);
        assertHeaderCheck(patch(USER, 8, 0xcc), User_Teleport.LAYOUT, TeleportCheck.FINGERPRINT);
        // a message accepted as one of several types cannot be viewed as another
        withMessage(USER, new TeleportLayout[] {User_Teleport.LAYOUT, Car_Teleport.LAYOUT},
                m -> assertCheck(() -> Car_Teleport.view(m), TeleportCheck.FINGERPRINT));
    }

    @Test
    void dataLengthNotAMultipleOf8() {
        byte[] bytes = setInt(USER, 16, 20); // D = 20, S = 3: 47 bytes, fits
        assertHeaderCheck(bytes, User_Teleport.LAYOUT, TeleportCheck.DATA_ALIGNMENT);
    }

    @Test
    void dataSectionShorterThanRoot() {
        byte[] bytes = setInt(setInt(USER, 16, 16), 20, 11); // 24 + 16 + 11 = 51
        assertHeaderCheck(bytes, User_Teleport.LAYOUT, TeleportCheck.ROOT_SIZE);
    }

    @Test
    void lengthsOverflowing32BitsAreTruncation() {
        byte[] bytes = setInt(setInt(USER, 16, 0xfffffff8), 20, 0x10);
        assertHeaderCheck(bytes, User_Teleport.LAYOUT, TeleportCheck.MESSAGE_LENGTH);
    }

    // string references

    @Test
    void stringOutOfBounds() {
        byte[] bytes = setInt(USER, 24 + 12, 4); // name = (0, 4), S = 3
        withMessage(bytes, User_Teleport.LAYOUT, m -> {
            User_Teleport.View view = User_Teleport.view(m);
            assertCheck(view::name, TeleportCheck.STRING_BOUNDS);
            assertCheck(view::nameBytes, TeleportCheck.STRING_BOUNDS);
            assertCheck(view::nameLength, TeleportCheck.STRING_BOUNDS);
            assertCheck(() -> view.nameEquals("Ada"), TeleportCheck.STRING_BOUNDS);
            assertCheck(() -> view.nameEquals(Unpooled.EMPTY_BUFFER), TeleportCheck.STRING_BOUNDS);
            assertCheck(() -> view.nameEquals(new byte[0]), TeleportCheck.STRING_BOUNDS);
            assertCheck(() -> User_Teleport.read(m), TeleportCheck.STRING_BOUNDS);
            assertThat(view.id()).isEqualTo(42); // the rest stays readable
        });
        withMessage(setInt(USER, 24 + 8, 1), User_Teleport.LAYOUT,
                m -> assertCheck(() -> User_Teleport.view(m).name(), TeleportCheck.STRING_BOUNDS));
    }

    @Test
    void stringReferenceIntoBytesAfterTheMessageIsRefused() {
        // The buffer goes on with "XYZ" after the message; name = (0, 6) would read "AdaXYZ".
        byte[] bytes = setInt(USER, 24 + 12, 6);
        byte[] longer = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, longer, 0, bytes.length);
        longer[51] = 'X';
        longer[52] = 'Y';
        longer[53] = 'Z';
        withMessage(longer, User_Teleport.LAYOUT, m -> {
            assertThat(m.length()).isEqualTo(51);
            assertCheck(() -> User_Teleport.view(m).name(), TeleportCheck.STRING_BOUNDS);
        });
    }

    @Test
    void stringReferenceOverflowing32Bits() {
        withMessage(setInt(setInt(USER, 24 + 8, 0xffffffff), 24 + 12, 2), User_Teleport.LAYOUT,
                m -> assertCheck(() -> User_Teleport.view(m).name(), TeleportCheck.STRING_OVERFLOW));
        withMessage(setInt(setInt(USER, 24 + 8, 0xfffffff0), 24 + 12, 0x20), User_Teleport.LAYOUT,
                m -> assertCheck(() -> User_Teleport.view(m).nameEquals(""),
                        TeleportCheck.STRING_OVERFLOW));
    }

    // slice references (Car: wheels at 28, codes at 36, ids at 80; D = 200)

    @Test
    void sliceOutOfBounds() {
        byte[] bytes = setInt(CAR, 24 + 28 + 4, 5); // wheels: 96 + 5 × 24 = 216 > 200
        withMessage(bytes, Car_Teleport.LAYOUT, m -> {
            Car_Teleport.View view = Car_Teleport.view(m);
            assertCheck(view::wheelsCount, TeleportCheck.SLICE_BOUNDS);
            assertCheck(() -> view.wheels(0), TeleportCheck.SLICE_BOUNDS);
            assertCheck(() -> Car_Teleport.read(m), TeleportCheck.SLICE_BOUNDS);
            assertThat(view.codesCount()).isEqualTo(3);
        });
    }

    @Test
    void sliceReferenceOverflowing32Bits() {
        withMessage(setInt(CAR, 24 + 80 + 4, 0xffffffff), Car_Teleport.LAYOUT,
                m -> assertCheck(() -> Car_Teleport.view(m).idsCount(), TeleportCheck.SLICE_OVERFLOW));
        withMessage(setInt(CAR, 24 + 80, 0xfffffff8), Car_Teleport.LAYOUT,
                m -> assertCheck(() -> Car_Teleport.view(m).ids(0), TeleportCheck.SLICE_OVERFLOW));
    }

    @Test
    void sliceOfZeroByteElementsWithACountBeyondAnInt() {
        // Counts.some is a slice<struct Empty{}#0:1> at data offset 8: D cannot bound its count.
        withMessage(setInt(COUNTS, 24 + 8 + 4, 0x80000000), Counts_Teleport.LAYOUT, m -> {
            assertCheck(() -> Counts_Teleport.view(m).someCount(), TeleportCheck.SLICE_OVERFLOW);
            assertCheck(() -> Counts_Teleport.read(m), TeleportCheck.SLICE_OVERFLOW);
        });
        withMessage(setInt(COUNTS, 24 + 8 + 4, 0xffffffff), Counts_Teleport.LAYOUT, m ->
                assertCheck(() -> Counts_Teleport.view(m).some(0), TeleportCheck.SLICE_OVERFLOW));
        withMessage(setInt(COUNTS, 24 + 8, 25), Counts_Teleport.LAYOUT, m -> // past D = 24
                assertCheck(() -> Counts_Teleport.view(m).some(0), TeleportCheck.SLICE_BOUNDS));
    }

    @Test
    void misalignedSlice() {
        withMessage(setInt(CAR, 24 + 80, 180), Car_Teleport.LAYOUT, // ids (i64) at 180
                m -> assertCheck(() -> Car_Teleport.view(m).ids(0), TeleportCheck.SLICE_ALIGNMENT));
        withMessage(setInt(CAR, 24 + 28, 100), Car_Teleport.LAYOUT, // wheels (align 8) at 100
                m -> assertCheck(() -> Car_Teleport.view(m).wheels(1), TeleportCheck.SLICE_ALIGNMENT));
        withMessage(setInt(CAR, 24 + 36, 146), Car_Teleport.LAYOUT, // codes (i32) at 146
                m -> assertCheck(() -> Car_Teleport.read(m), TeleportCheck.SLICE_ALIGNMENT));
    }

    @Test
    void sliceIndexOutOfRange() {
        withMessage(CAR, Car_Teleport.LAYOUT, m -> {
            Car_Teleport.View view = Car_Teleport.view(m);
            assertThatThrownBy(() -> view.codes(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> view.codes(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(view.codes(2)).isEqualTo(9);
        });
    }

    // values

    @Test
    void boolByteOf2() {
        withMessage(patch(USER, 24 + 17, 2), User_Teleport.LAYOUT, m -> {
            assertCheck(() -> User_Teleport.view(m).active(), TeleportCheck.BOOL_VALUE);
            assertCheck(() -> User_Teleport.read(m), TeleportCheck.BOOL_VALUE);
        });
        // Slices.flags is a slice<bool> at data offset 84
        withMessage(patch(SLICES, 24 + 84 + 1, 2), Slices_Teleport.LAYOUT, m -> {
            assertThat(Slices_Teleport.view(m).flags(0)).isTrue();
            assertCheck(() -> Slices_Teleport.view(m).flags(1), TeleportCheck.BOOL_VALUE);
        });
    }

    @Test
    void enumOrdinalOutOfRange() {
        withMessage(patch(CAR, 24 + 11, 3), Car_Teleport.LAYOUT, // Color has 3 constants
                m -> assertCheck(() -> Car_Teleport.view(m).color(), TeleportCheck.ENUM_ORDINAL));
        withMessage(patch(CAR, 24 + 89, 0x02), Car_Teleport.LAYOUT, // trim = 0x0200 ≥ 300
                m -> assertCheck(() -> Car_Teleport.read(m), TeleportCheck.ENUM_ORDINAL));
    }

    /**
     * Random corruption anywhere in a message: validating and reading it either works or fails with
     * a named check, never with an out-of-bounds read.
     */
    @Test
    void corruptedMessagesFailOnlyWithNamedChecks() {
        qt().withExamples(2000).forAll(
                lists().of(integers().between(0, CAR.length - 1)).ofSizeBetween(1, 4),
                integers().between(0, 255))
                .checkAssert((positions, value) -> {
                    byte[] bytes = CAR.clone();
                    for (int p : positions) {
                        bytes[p] = (byte) (value + p);
                    }
                    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
                    TeleportMessage message;
                    try {
                        message = TeleportMessage.wrap(buf, Car_Teleport.LAYOUT);
                    } catch (TeleportFormatException e) {
                        buf.release();
                        return;
                    }
                    try {
                        Car_Teleport.read(message);
                    } catch (TeleportFormatException e) {
                        assertThat(e.check()).isNotNull();
                    } finally {
                        message.release();
                    }
                });
    }

    private static void assertHeaderCheck(byte[] bytes, TeleportLayout layout, TeleportCheck check) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertCheck(() -> TeleportMessage.wrap(buf, layout), check);
        } finally {
            buf.release();
        }
    }

    private static void withMessage(byte[] bytes, TeleportLayout layout, Consumer<TeleportMessage> body) {
        withMessage(bytes, new TeleportLayout[] {layout}, body);
    }

    private static void withMessage(byte[] bytes, TeleportLayout[] layouts,
            Consumer<TeleportMessage> body) {
        TeleportMessage message = TeleportMessage.wrap(Unpooled.wrappedBuffer(bytes), layouts);
        try {
            body.accept(message);
        } finally {
            message.release();
        }
    }

    static void assertCheck(ThrowingCallable call, TeleportCheck check) {
        assertThatThrownBy(call)
                .isInstanceOf(TeleportFormatException.class)
                .hasMessageStartingWith(check.name() + ": ")
                .satisfies(e -> assertThat(((TeleportFormatException) e).check()).isEqualTo(check));
    }

    private static byte[] patch(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    private static byte[] setInt(byte[] bytes, int index, int value) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes.clone());
        buf.setIntLE(index, value);
        return buf.array();
    }

}
