package dev.dx.teleport.generated;

import static dev.dx.teleport.generated.HostileInputTest.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.teleport.TeleportCheck;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.sample.Everything_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes for the Teleport/1.1 types (§6) through a generated view: each is an error naming
 * its {@link TeleportCheck}, read through the flyweight, whose memory ends where the message ends;
 * the rest of the message stays readable. Inputs are pooled direct buffers, released after each
 * case, so paranoid leak detection watches them. The message is {@code every-type.hex}: data
 * section at 24 (D = 288), string table at 312 (S = 31).
 */
class Section6HostileTest {

    private static final byte[] EVERY_TYPE = Hex.resource("every-type.hex");
    private static final int DATA = 24;
    private static final int TABLE = 24 + 288;

    @Test
    void aPresenceByteOtherThanZeroOrOneIsRefused() {
        for (int presence : new int[] {2, 3, 0x80, 0xff}) {
            byte[] bytes = EVERY_TYPE.clone();
            bytes[DATA + 48] = (byte) presence; // maybeInt
            bytes[DATA + 56] = (byte) presence; // maybeName, absent
            withView(bytes, v -> {
                assertCheck(v::hasMaybeInt, TeleportCheck.PRESENCE_VALUE);
                assertCheck(v::maybeInt, TeleportCheck.PRESENCE_VALUE);
                assertCheck(() -> v.maybeIntOr(0), TeleportCheck.PRESENCE_VALUE);
                assertCheck(v::maybeName, TeleportCheck.PRESENCE_VALUE);
                assertCheck(() -> Everything_Teleport.read(v), TeleportCheck.PRESENCE_VALUE);
                assertThat(v.maybeFlagOr(false)).isTrue(); // the rest stays readable
            });
        }
    }

    @Test
    void decimalTextThatIsNotAPlainDecimalIsRefused() {
        // price = "-1234.50" at s3; maybePrice = "1000" at s11; prices[2] = "3.14159" at s24
        byte[][] patches = {{3, '+'}, {4, 'x'}, {8, ','}, {10, ' '}, {9, '.'}, {3, '.'}};
        for (byte[] p : patches) {
            byte[] bytes = EVERY_TYPE.clone();
            bytes[TABLE + p[0]] = p[1];
            withView(bytes, v -> {
                assertCheck(v::price, TeleportCheck.DECIMAL_TEXT);
                assertCheck(() -> Everything_Teleport.read(v), TeleportCheck.DECIMAL_TEXT);
            });
        }
        byte[] bytes = EVERY_TYPE.clone();
        bytes[TABLE + 11] = 'E';
        bytes[TABLE + 26] = (byte) 0x2e; // "3..4159"
        withView(bytes, v -> {
            assertCheck(v::maybePrice, TeleportCheck.DECIMAL_TEXT);
            assertCheck(() -> v.prices(2), TeleportCheck.DECIMAL_TEXT);
            assertThat(v.prices(0)).isEqualByComparingTo("0.001");
        });
    }

    @Test
    void bytesAndDecimalReferencesOutOfBoundsAreRefused() {
        byte[] bytes = EVERY_TYPE.clone();
        setInt(bytes, DATA + 4, 29); // blob = (0, 29): 29 <= S, in bounds
        setInt(bytes, DATA + 40, 30); // price = (30, 8): past S = 31
        setInt(bytes, DATA + 136, 32); // maybeBlob's value = (32, 0): past S
        setInt(bytes, DATA + 208, -1); // blobs[2] = (2^32 - 1, 2): past 2^32
        withView(bytes, v -> {
            assertThat(v.blobLength()).isEqualTo(29);
            assertCheck(v::price, TeleportCheck.STRING_BOUNDS);
            assertCheck(v::maybeBlob, TeleportCheck.STRING_BOUNDS);
            assertCheck(() -> v.blobs(2), TeleportCheck.STRING_OVERFLOW);
            assertThat(v.blobs(0)).containsExactly(1);
        });
        setInt(bytes, DATA + 4, 32); // blob = (0, 32)
        withView(bytes, v -> {
            assertCheck(v::blob, TeleportCheck.STRING_BOUNDS);
            assertCheck(v::blobSlice, TeleportCheck.STRING_BOUNDS);
            assertCheck(v::blobLength, TeleportCheck.STRING_BOUNDS);
        });
    }

    @Test
    void uuidsAndTimestampsCutShortAreRefused() {
        // by the buffer: the message claims more bytes than there are
        ByteBuf shortBuf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(EVERY_TYPE, 0, DATA + 32);
        try {
            assertCheck(() -> new TeleportMessageFlyweight().wrap(shortBuf, Everything_Teleport.LAYOUT),
                    TeleportCheck.MESSAGE_LENGTH);
        } finally {
            shortBuf.release();
        }
        // by D: a data section that ends inside id (uuid at 24..40) cannot hold the root struct
        byte[] bytes = EVERY_TYPE.clone();
        setInt(bytes, 16, 32);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes);
        try {
            assertCheck(() -> new TeleportMessageFlyweight().wrap(buf, Everything_Teleport.LAYOUT),
                    TeleportCheck.ROOT_SIZE);
        } finally {
            buf.release();
        }
        // slices of uuids and timestamps whose elements would run past D
        byte[] slices = EVERY_TYPE.clone();
        setInt(slices, DATA + 176, 280); // ids = (280, 1): 280 + 16 > 288
        setInt(slices, DATA + 164, 10); // stamps = (216, 10)
        setInt(slices, DATA + 168, 244); // days = (244, 2): not a multiple of 8 is fine, 4 is
        withView(slices, v -> {
            assertCheck(v::idsCount, TeleportCheck.SLICE_BOUNDS);
            assertCheck(() -> v.ids(0), TeleportCheck.SLICE_BOUNDS);
            assertCheck(v::stampsCount, TeleportCheck.SLICE_BOUNDS);
            assertCheck(() -> v.stamps(0), TeleportCheck.SLICE_BOUNDS);
            assertThat(v.days(0)).isEqualTo(java.time.LocalDate.of(1969, 12, 31));
        });
        setInt(slices, DATA + 160, 220); // stamps = (220, 1): misaligned for 8-byte timestamps
        setInt(slices, DATA + 164, 1);
        withView(slices, v -> assertCheck(v::stampsCount, TeleportCheck.SLICE_ALIGNMENT));
    }

    /** {@code bytes} in a pooled direct buffer, validated by a flyweight and read by a view. */
    private static void withView(byte[] bytes, Consumer<Everything_Teleport.View> body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        try {
            body.accept(new Everything_Teleport.View().wrap(
                    new TeleportMessageFlyweight().wrap(buf, Everything_Teleport.LAYOUT)));
        } finally {
            buf.release();
        }
    }

    private static void setInt(byte[] bytes, int index, int value) {
        bytes[index] = (byte) value;
        bytes[index + 1] = (byte) (value >>> 8);
        bytes[index + 2] = (byte) (value >>> 16);
        bytes[index + 3] = (byte) (value >>> 24);
    }
}
