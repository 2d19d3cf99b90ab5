package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link TeleportWriter#beginSized}: the declared data section, strings written in place behind
 * it, no zeroing but of slice alignment gaps, and the checks that keep a wrong size from producing
 * a wrong message.
 */
class TeleportWriterSizedTest {

    private static final TeleportLayout SLICES = TeleportLayout.of(
            "struct S{tag:i8@0,bytes:slice<i8>@4,longs:slice<i64>@12}#20:4", 20, 4);

    private final TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);

    @Test
    void writesTheSpecExampleWithEveryByteStored() {
        for (int round = 0; round < 3; round++) {
            dirty();
            int at = writer.beginSized(TestBytes.USER, 24);
            writer.putLong(at, 42);
            writer.putString(at + 8, "Ada");
            writer.putLong(at + 16, 36 | 1 << 8); // age, active and the padding
            assertThat(finish()).isEqualTo(TestBytes.vector("user.hex"));
        }
    }

    @Test
    void stringsGoBehindThePaddedDataSectionAndGrowTheScratch() {
        dirty();
        String longAscii = "x".repeat(5000);
        String mixed = "\u00e9\u4e2d\ud83d\ude00";
        int at = writer.beginSized(SLICES, 32); // 20 + 1 byte at 20, gap to 24, 1 long: 32
        writer.putInt(at, 7);
        writer.putString(at + 4, longAscii); // in the slice reference's place, just for the test
        int bytes = writer.putSlice(at + 4, 1, 1, 1);
        writer.putByte(bytes, (byte) 9);
        int longs = writer.putSlice(at + 12, 1, 8, 8);
        writer.putLong(longs, -1L);
        writer.putString(at + 4, mixed);
        byte[] message = finish();
        int utf8 = mixed.getBytes(StandardCharsets.UTF_8).length;
        assertThat(message).hasSize(24 + 32 + 5000 + utf8);
        assertThat(message[24 + 21]).isZero(); // alignment gap before the longs: zeroed
        assertThat(message[24 + 23]).isZero();
        assertThat(new String(message, 24 + 32, 5000, StandardCharsets.UTF_8)).isEqualTo(longAscii);
        assertThat(new String(message, 24 + 32 + 5000, utf8, StandardCharsets.UTF_8)).isEqualTo(mixed);
        assertThat(intAt(message, 24 + 4)).isEqualTo(5000); // the second string's offset
    }

    @Test
    void aSliceThatOutgrowsTheDeclaredSizeFailsAndTheWriterRecovers() {
        int at = writer.beginSized(SLICES, 24);
        writer.putSlice(at + 4, 4, 1, 1);
        assertThatThrownBy(() -> writer.putSlice(at + 12, 1, 8, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declared 24 bytes");
        writer.abort();
        assertThat(writer.inProgress()).isFalse();
        TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
        assertThat(finish()).isEqualTo(TestBytes.vector("user.hex"));
    }

    @Test
    void aDataSectionShorterThanDeclaredFailsInFinishAndAbortsTheMessage() {
        int at = writer.beginSized(SLICES, 40);
        writer.putLong(at, 0);
        assertThatThrownBy(writer::finish)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("data section is 20 bytes, declared 40");
        assertThat(writer.inProgress()).isFalse();
    }

    @Test
    void aDeclaredSizeBelowTheRootStructIsRefused() {
        assertThatThrownBy(() -> writer.beginSized(SLICES, 19))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataLength : 19 (expected: >= 20)");
        assertThat(writer.inProgress()).isFalse();
    }

    @Test
    void aDeclaredSizeTooLargeForAMessageFallsBackToZeroingAndFailsInPutSlice() {
        dirty();
        int at = writer.beginSized(SLICES, 1L << 40);
        assertThatThrownBy(() -> writer.putSlice(at + 4, Integer.MAX_VALUE, 8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("message too large");
        writer.abort();
        // fallback = begin(layout): the root struct is zeroed
        writer.beginSized(SLICES, 1L << 40);
        byte[] message = finish();
        assertThat(message).hasSize(24 + 24);
        for (int i = 24; i < message.length; i++) {
            assertThat(message[i]).as("byte %d", i).isZero();
        }
    }

    @Test
    void aWriterStillWorksAfterAMessageLargerThanTheScratchItKeeps() {
        int at = writer.beginSized(SLICES, 24 + 8L * 200_000);
        int longs = writer.putSlice(at + 12, 200_000, 8, 8);
        for (int i = 0; i < 200_000; i++) {
            writer.putLong(longs + 8 * i, i);
        }
        writer.putString(at + 4, "y".repeat(2_000_000));
        assertThat(finish()).hasSize(24 + 24 + 8 * 200_000 + 2_000_000);
        TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
        assertThat(finish()).isEqualTo(TestBytes.vector("user.hex"));
    }

    /** Leaves a message of all-ones bytes in the writer's scratch arrays. */
    private void dirty() {
        TeleportLayout poison = TeleportLayout.of("struct Poison{}#4096:8", 4096, 8);
        int at = writer.begin(poison);
        for (int i = 0; i < 4096; i += 8) {
            writer.putLong(at + i, -1L);
        }
        writer.putString(at, "\u00ff".repeat(4096));
        writer.finish().release();
    }

    private byte[] finish() {
        ByteBuf buf = writer.finish();
        try {
            return TestBytes.bytes(buf);
        } finally {
            buf.release();
        }
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
