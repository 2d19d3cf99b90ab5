package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** {@link TeleportWriter}: §1 header, §3 layout and ordering rules. */
class TeleportWriterTest {

    private static final TeleportLayout TWO_NAMES = TeleportLayout.of(
            "struct Pair{a:string@0,b:string@8}#16:4", 16, 4);
    private static final TeleportLayout SLICES = TeleportLayout.of(
            "struct S{tag:i8@0,bytes:slice<i8>@4,longs:slice<i64>@12}#20:4", 20, 4);

    private final TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);

    @Test
    void writesTheSpecExample() {
        TestBytes.writeUser(writer, 42, "Ada", (byte) 36, true);
        assertThat(finish(writer)).isEqualTo(TestBytes.vector("user.hex")).hasSize(51);
    }

    @Test
    void equalStringsAreStoredAtEachOccurrenceByDefault() {
        int at = writer.begin(TWO_NAMES);
        writer.putString(at, "Ada");
        writer.putString(at + 8, "Ada");
        byte[] bytes = finish(writer);
        assertThat(bytes).hasSize(24 + 16 + 6);
        assertThat(intAt(bytes, 24)).isZero();
        assertThat(intAt(bytes, 32)).isEqualTo(3); // second "Ada" at string offset 3
    }

    @Test
    void deduplicationStoresEqualStringsOnce() {
        TeleportWriter dedup = new TeleportWriter(PooledByteBufAllocator.DEFAULT,
                new TeleportWriterConfig().deduplicateStrings(true));
        for (int round = 0; round < 2; round++) { // the table is per message
            int at = dedup.begin(TWO_NAMES);
            dedup.putString(at, "Ada");
            dedup.putString(at + 8, "Ada");
            byte[] bytes = finish(dedup);
            assertThat(bytes).hasSize(24 + 16 + 3);
            assertThat(intAt(bytes, 32)).isZero();
            assertThat(intAt(bytes, 36)).isEqualTo(3);
        }
    }

    @Test
    void emptyStringsAreZeroReferencesAndTakeNoTableBytes() {
        TeleportWriter dedup = new TeleportWriter(PooledByteBufAllocator.DEFAULT,
                new TeleportWriterConfig().deduplicateStrings(true));
        for (TeleportWriter w : new TeleportWriter[] {writer, dedup}) {
            for (boolean sized : new boolean[] {false, true}) {
                int at = sized ? w.beginSized(TWO_NAMES, 16) : w.begin(TWO_NAMES);
                w.putString(at, "Ada");
                w.putString(at + 8, ""); // after "Ada": still (0, 0), not (3, 0)
                byte[] bytes = finish(w);
                assertThat(bytes).as("sized %s", sized).hasSize(24 + 16 + 3);
                assertThat(intAt(bytes, 24)).isZero();
                assertThat(intAt(bytes, 28)).isEqualTo(3);
                assertThat(intAt(bytes, 32)).as("offset of \"\"").isZero();
                assertThat(intAt(bytes, 36)).as("length of \"\"").isZero();
                assertThat(intAt(bytes, 20)).isEqualTo(3); // S
            }
        }
    }

    @Test
    void emptySlicesAreZeroReferences() {
        int at = writer.begin(SLICES);
        assertThat(writer.putSlice(at + 4, 0, 1, 1)).isZero();
        writer.putSlice(at + 12, 0, 8, 8);
        byte[] bytes = finish(writer);
        assertThat(bytes).hasSize(24 + 24);
        for (int i = 24; i < bytes.length; i++) {
            assertThat(bytes[i]).isZero();
        }
    }

    @Test
    void slicesAreAlignedAndPaddingIsZero() {
        int at = writer.begin(SLICES);
        writer.putByte(at, (byte) 0x7f);
        int bytesAt = writer.putSlice(at + 4, 3, 1, 1);
        writer.putByte(bytesAt, (byte) 1);
        writer.putByte(bytesAt + 1, (byte) 2);
        writer.putByte(bytesAt + 2, (byte) 3);
        int longsAt = writer.putSlice(at + 12, 2, 8, 8);
        writer.putLong(longsAt, -1);
        writer.putLong(longsAt + 8, -2);
        assertThat(bytesAt).isEqualTo(20); // right after the root struct
        assertThat(longsAt).isEqualTo(24); // 23 rounded up to 8
        byte[] bytes = finish(writer);
        assertThat(intAt(bytes, 16)).isEqualTo(40); // D
        assertThat(intAt(bytes, 24 + 4)).isEqualTo(20);
        assertThat(intAt(bytes, 24 + 8)).isEqualTo(3);
        assertThat(intAt(bytes, 24 + 12)).isEqualTo(24);
        assertThat(intAt(bytes, 24 + 16)).isEqualTo(2);
        assertThat(bytes[24 + 1]).isZero(); // padding after tag
        assertThat(bytes[24 + 23]).isZero(); // padding before the longs
    }

    @Test
    void dataSectionIsPaddedToAMultipleOf8() {
        TeleportLayout one = TeleportLayout.of("struct One{b:i8@0}#1:1", 1, 1);
        int at = writer.begin(one);
        writer.putByte(at, (byte) 5);
        byte[] bytes = finish(writer);
        assertThat(bytes).hasSize(32);
        assertThat(intAt(bytes, 16)).isEqualTo(8);
    }

    @Test
    void scalarsAreLittleEndian() {
        TeleportLayout all = TeleportLayout.of(
                "struct P{s:i16@0,c:u16@2,i:i32@4,f:f32@8,l:i64@16,d:f64@24}#32:8", 32, 8);
        int at = writer.begin(all);
        writer.putShort(at, (short) 0x0102);
        writer.putChar(at + 2, '\u0304');
        writer.putInt(at + 4, 0x05060708);
        writer.putFloat(at + 8, Float.intBitsToFloat(0x090a0b0c));
        writer.putLong(at + 16, 0x1112131415161718L);
        writer.putDouble(at + 24, Double.longBitsToDouble(0x2122232425262728L));
        byte[] b = finish(writer);
        assertThat(new byte[] {b[24], b[25], b[26], b[27], b[28], b[32], b[40], b[48]})
                .containsExactly(0x02, 0x01, 0x04, 0x03, 0x08, 0x0c, 0x18, 0x28);
    }

    @Test
    void unpairedSurrogatesBecomeQuestionMarksAndTheRestStaysUtf8() {
        TeleportLayout pair = TeleportLayout.of("struct Pair{a:string@0,b:string@8}#16:4", 16, 4);
        int at = writer.begin(pair);
        writer.putString(at, "\ud800\u00e9");      // lone high surrogate, then é
        writer.putString(at + 8, "x\udc00\ud83d\ude00"); // lone low surrogate, then a pair
        ByteBuf buf = writer.finish();
        try {
            byte[] bytes = TestBytes.bytes(buf);
            assertThat(java.util.Arrays.copyOfRange(bytes, 40, bytes.length))
                    .containsExactly(0x3f, 0xc3, 0xa9, 0x78, 0x3f, 0xf0, 0x9f, 0x98, 0x80);
            TeleportMessageFlyweight m = new TeleportMessageFlyweight().wrap(buf, pair);
            assertThat(m.string(24)).isEqualTo("?\u00e9");
            assertThat(m.stringEquals(24, "\ud800\u00e9")).isTrue();
            assertThat(m.stringEquals(32, "x\udc00\ud83d\ude00")).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
        writer.begin(TestBytes.USER);
        assertThatThrownBy(() -> writer.begin(TestBytes.USER)).isInstanceOf(IllegalStateException.class);
        assertThat(writer.inProgress()).isTrue();
        writer.putString(8, "released by abort");
        writer.abort(); // releases the buffers: the leak detector would fail the class otherwise
        assertThat(writer.inProgress()).isFalse();
        assertThatThrownBy(() -> new TeleportWriterConfig().initialCapacity(8))
                .hasMessage("initialCapacity : 8 (expected: 24-1073741824)");
    }

    private static byte[] finish(TeleportWriter w) {
        ByteBuf buf = w.finish();
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
