package dev.dx.teleport;

import static dev.dx.teleport.TeleportMessageTest.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.dx.teleport.internal.Memory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The checked reads of {@link TeleportMessageFlyweight}: §1, every string or slice reference is
 * checked against S or D, in unsigned 64-bit arithmetic, before it is followed; §2, a bool is 0 or
 * 1 and an enum ordinal below the enum's count.
 */
class TeleportMessageFlyweightReadsTest {

    /** The root type of the messages below: a reference, then 8 bytes of data. */
    static final TeleportLayout REF = TeleportLayout.of("struct Ref{ref:i64@0,data:i64@8}#16:8", 16, 8);

    /** Buffer: header (D = 16, S = 5), a reference at data offset 0, 8 bytes of data, "hello". */
    private static ByteBuf message(long offset, long length) {
        ByteBuf buf = Unpooled.buffer(45);
        buf.writeZero(24 + 16);
        header(buf, 16, 5);
        buf.setIntLE(24, (int) offset);
        buf.setIntLE(28, (int) length);
        buf.writeBytes("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return buf;
    }

    /** Writes a valid header for {@link #REF} with D and S into the first 24 bytes of {@code buf}. */
    static ByteBuf header(ByteBuf buf, int dataLength, int stringLength) {
        buf.setLongLE(0, 0x0000_0001_5054_5844L);
        buf.setLongLE(8, REF.fingerprint());
        buf.setIntLE(16, dataLength);
        buf.setIntLE(20, stringLength);
        return buf;
    }

    private static TeleportMessageFlyweight read(ByteBuf buf) {
        return new TeleportMessageFlyweight().wrap(buf, REF);
    }

    @Test
    void stringWithinTheTable() {
        ByteBuf buf = message(1, 3);
        try {
            TeleportMessageFlyweight m = read(buf);
            assertThat(m.string(24)).isEqualTo("ell");
            assertThat(TeleportMessageFlyweight.refLength(m.stringRef(24))).isEqualTo(3);
            assertThat(m.stringEquals(24, "ell")).isTrue();
            ByteBuf ell = Unpooled.copiedBuffer("xell", StandardCharsets.US_ASCII).skipBytes(1);
            ByteBuf elk = Unpooled.copiedBuffer("elk", StandardCharsets.US_ASCII);
            ByteBuf el = Unpooled.copiedBuffer("el", StandardCharsets.US_ASCII);
            try {
                assertThat(m.stringEquals(24, ell)).isTrue();
                assertThat(ell.readerIndex()).isEqualTo(1);
                assertThat(m.stringEquals(24, elk)).isFalse();
                assertThat(m.stringEquals(24, el)).isFalse();
            } finally {
                ell.release();
                elk.release();
                el.release();
            }
            assertThat(m.stringBytes(24).getByte(0)).isEqualTo((byte) 'e');
        } finally {
            buf.release();
        }
        ByteBuf whole = message(0, 5);
        try {
            assertThat(read(whole).string(24)).isEqualTo("hello");
        } finally {
            whole.release();
        }
    }

    @Test
    void stringThroughMemoryDecodesFromHeapAndDirectBuffers() {
        String text = "h\u00e9llo \u65e5\u672c \ud83d\ude00"; // 1-, 2-, 3- and 4-byte UTF-8
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf heap = Unpooled.buffer();
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            for (ByteBuf buf : new ByteBuf[] {heap, direct}) {
                // a message at index 0 of a buffer that continues past it: the memory is the message
                buf.writeZero(24 + 16).writeBytes(utf8).writeBytes(new byte[] {'#', '#'});
                header(buf, 16, utf8.length);
                buf.setIntLE(24, 0);
                buf.setIntLE(28, utf8.length);
                TeleportMessageFlyweight m = read(buf);
                assertThat(m.length()).isEqualTo(24 + 16 + utf8.length);
                assertThat(m.string(24)).isEqualTo(text);
                buf.setIntLE(24, 1);
                buf.setIntLE(28, 0);
                assertThat(m.string(24)).isEmpty();
                buf.setIntLE(28, 1);
                assertThat(m.string(24)).isEqualTo("\ufffd");
                // longer than the flyweight's scratch array at first, and longer than it ever keeps
                for (int repeat : new int[] {100, 2000}) {
                    String longer = text.repeat(repeat);
                    byte[] longUtf8 = longer.getBytes(StandardCharsets.UTF_8);
                    buf.clear().writeZero(24 + 16).writeBytes(longUtf8);
                    header(buf, 16, longUtf8.length);
                    buf.setIntLE(28, longUtf8.length);
                    assertThat(m.wrap(buf, REF).string(24)).isEqualTo(longer);
                }
            }
        } finally {
            heap.release();
            direct.release();
        }
    }

    @Test
    void stringEqualsThroughMemoryComparesWithHeapAndDirectBytes() {
        byte[] text = "0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII);
        ByteBuf buf = Unpooled.buffer(24 + 16 + text.length);
        buf.writeZero(24 + 16).writeBytes(text);
        header(buf, 16, text.length);
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            TeleportMessageFlyweight m = read(buf);
            for (int length = 0; length <= text.length; length++) { // every tail shape
                for (int offset : new int[] {0, text.length - length}) {
                    buf.setIntLE(24, offset);
                    buf.setIntLE(28, length);
                    byte[] expected = java.util.Arrays.copyOfRange(text, offset, offset + length);
                    direct.clear().writeByte('#').writeBytes(expected).skipBytes(1);
                    ByteBuf heap = Unpooled.wrappedBuffer(new byte[] {'#', '#'}, expected).skipBytes(2);
                    byte[] prefixed = new byte[2 + length];
                    System.arraycopy(expected, 0, prefixed, 2, length);
                    ByteBuf array = Unpooled.wrappedBuffer(prefixed).skipBytes(2); // read from its array
                    assertThat(m.stringEquals(24, heap)).isTrue();
                    assertThat(m.stringEquals(24, array)).isTrue();
                    assertThat(m.stringEquals(24, direct)).isTrue();
                    assertThat(m.stringEquals(24, expected)).isTrue();
                    assertThat(m.stringEquals(24, prefixed))
                            .as("length %d: two bytes longer", length).isFalse();
                    for (int i = 0; i < length; i++) { // a difference in the 8-byte part or the tail
                        expected[i] ^= 1;
                        direct.setByte(1 + i, expected[i]);
                        ByteBuf changed = Unpooled.wrappedBuffer(expected);
                        assertThat(m.stringEquals(24, changed))
                                .as("length %d, byte %d changed", length, i).isFalse();
                        assertThat(m.stringEquals(24, direct))
                                .as("length %d, byte %d changed", length, i).isFalse();
                        assertThat(m.stringEquals(24, expected))
                                .as("length %d, byte %d changed", length, i).isFalse();
                        expected[i] ^= 1;
                        direct.setByte(1 + i, expected[i]);
                    }
                }
            }
            buf.setIntLE(28, text.length + 1);
            assertCheck(() -> m.stringEquals(24, direct),
                    TeleportCheck.STRING_BOUNDS);
        } finally {
            buf.release();
            direct.release();
        }
    }

    @Test
    void stringReferenceChecks() {
        check(message(0, 6), TeleportCheck.STRING_BOUNDS);
        check(message(5, 1), TeleportCheck.STRING_BOUNDS);
        check(message(0xffffffffL, 1), TeleportCheck.STRING_OVERFLOW);
        check(message(1, 0xffffffffL), TeleportCheck.STRING_OVERFLOW);
        check(message(0x80000000L, 0x80000000L), TeleportCheck.STRING_OVERFLOW);
        check(message(0x7fffffffL, 0x7fffffffL), TeleportCheck.STRING_BOUNDS);
    }

    @Test
    void sliceReferenceChecks() {
        ByteBuf ok = message(8, 2); // two i32 at data offset 8
        try {
            long ref = read(ok).sliceRef(24, 4, 4);
            assertThat(TeleportMessageFlyweight.refOffset(ref)).isEqualTo(8);
            assertThat(TeleportMessageFlyweight.refLength(ref)).isEqualTo(2);
            assertThat(TeleportMessageFlyweight.element(ref, 4, 0)).isEqualTo(32);
            assertThat(TeleportMessageFlyweight.element(ref, 4, 1)).isEqualTo(36);
            assertThatThrownBy(() -> TeleportMessageFlyweight.element(ref, 4, 2))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("index : 2 (expected: 0-1)");
            assertThatThrownBy(() -> TeleportMessageFlyweight.element(ref, 4, -1))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            ok.release();
        }
        sliceCheck(message(8, 3), 4, 4, TeleportCheck.SLICE_BOUNDS);
        sliceCheck(message(16, 1), 1, 1, TeleportCheck.SLICE_BOUNDS);
        sliceCheck(message(8, 0xffffffffL), 8, 8, TeleportCheck.SLICE_OVERFLOW);
        sliceCheck(message(0xfffffff8L, 1), 8, 8, TeleportCheck.SLICE_OVERFLOW);
        // count × size wraps to a small number in 32-bit arithmetic: 0x20000000 × 8 = 2^32
        sliceCheck(message(0, 0x20000000L), 8, 8, TeleportCheck.SLICE_OVERFLOW);
        sliceCheck(message(4, 1), 8, 8, TeleportCheck.SLICE_ALIGNMENT);
        sliceCheck(message(2, 1), 4, 4, TeleportCheck.SLICE_ALIGNMENT);
        sliceCheck(message(1, 1), 2, 2, TeleportCheck.SLICE_ALIGNMENT);
    }

    @Test
    void sliceOfZeroByteElementsHasACountThatFitsAnInt() {
        // An empty record is 0 bytes, so D does not bound the count; a count above 2^31 - 1 would
        // come back as a negative int (a NegativeArraySizeException in read()).
        ByteBuf max = message(16, 0x7fffffffL);
        try {
            long ref = read(max).sliceRef(24, 0, 1);
            assertThat(TeleportMessageFlyweight.refLength(ref)).isEqualTo(Integer.MAX_VALUE);
            assertThat(TeleportMessageFlyweight.element(ref, 0, Integer.MAX_VALUE - 1)).isEqualTo(24 + 16);
        } finally {
            max.release();
        }
        sliceCheck(message(16, 0x80000000L), 0, 1, TeleportCheck.SLICE_OVERFLOW);
        sliceCheck(message(0, 0xffffffffL), 0, 1, TeleportCheck.SLICE_OVERFLOW);
        sliceCheck(message(17, 1), 0, 1, TeleportCheck.SLICE_BOUNDS);
    }

    @Test
    void boolAndOrdinal() {
        ByteBuf buf = message(0, 0);
        try {
            TeleportMessageFlyweight m = read(buf);
            buf.setByte(32, 0);
            assertThat(m.bool(32)).isFalse();
            buf.setByte(32, 1);
            assertThat(m.bool(32)).isTrue();
            for (int bad : new int[] {2, 3, -1, 0x80}) {
                buf.setByte(32, bad);
                assertCheck(() -> m.bool(32), TeleportCheck.BOOL_VALUE);
            }
        } finally {
            buf.release();
        }
        assertThat(TeleportMessageFlyweight.ordinal(2, 3)).isEqualTo(2);
        assertCheck(() -> TeleportMessageFlyweight.ordinal(3, 3), TeleportCheck.ENUM_ORDINAL);
    }

    @Test
    void utf8EqualityAgreesWithStringEquals() {
        qt().forAll(strings().betweenCodePoints(0, 0x10ffff).ofLengthBetween(0, 8),
                strings().betweenCodePoints(0, 0x3000).ofLengthBetween(0, 8),
                integers().between(0, 1))
                .assuming((a, b, same) -> wellFormed(a) && wellFormed(b))
                .checkAssert((a, b, same) -> {
                    String other = same == 1 ? a : b;
                    ByteBuf buf = Unpooled.buffer();
                    int length = ByteBufUtil.writeUtf8(buf, a);
                    try {
                        java.nio.ByteBuffer memory = buf.nioBuffer(0, buf.writerIndex());
                        assertThat(Memory.utf8Equals(memory, 0, length, other))
                                .isEqualTo(a.equals(other));
                    } finally {
                        buf.release();
                    }
                });
    }

    /** Long, mostly ASCII strings take the 8-bytes-at-a-time path; one changed char anywhere. */
    @Test
    void utf8EqualityOfLongStringsAgreesWithStringEquals() {
        qt().forAll(strings().ascii().ofLengthBetween(0, 40),
                integers().between(0, 39),
                integers().between(0, 0x3000),
                integers().between(0, 2))
                .checkAssert((a, position, replacement, mode) -> {
                    String stored = mode == 2 && !a.isEmpty() ? a.substring(0, a.length() - 1) + '\u00e9' : a;
                    String other;
                    if (mode == 0 || a.isEmpty()) {
                        other = a;
                    } else {
                        int at = position % a.length();
                        char c = (char) replacement.intValue();
                        other = Character.isSurrogate(c) ? a + "x"
                                : a.substring(0, at) + c + a.substring(at + 1);
                    }
                    ByteBuf buf = Unpooled.buffer();
                    buf.writeByte(0x55); // the string does not start at index 0
                    int length = ByteBufUtil.writeUtf8(buf, stored);
                    buf.writeLong(-1); // bytes after the string must not count
                    try {
                        java.nio.ByteBuffer memory = buf.nioBuffer(0, buf.writerIndex());
                        assertThat(Memory.utf8Equals(memory, 1, length, other))
                                .isEqualTo(stored.equals(other));
                        assertThat(Memory.utf8Equals(memory, 1, length, other + "z"))
                                .isFalse();
                    } finally {
                        buf.release();
                    }
                });
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void check(ByteBuf buf, TeleportCheck check) {
        try {
            TeleportMessageFlyweight m = read(buf);
            assertCheck(() -> m.stringRef(24), check);
            assertCheck(() -> m.string(24), check);
            assertCheck(() -> m.stringBytes(24), check);
            assertCheck(() -> m.stringEquals(24, "hello"), check);
            assertCheck(() -> m.stringEquals(24, Unpooled.EMPTY_BUFFER), check);
            assertCheck(() -> m.stringEquals(24, new byte[0]), check);
        } finally {
            buf.release();
        }
    }

    private static void sliceCheck(ByteBuf buf, int size, int align, TeleportCheck check) {
        try {
            assertCheck(() -> read(buf).sliceRef(24, size, align), check);
        } finally {
            buf.release();
        }
    }
}
