package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link TeleportWriter}'s Teleport/1.1 §6 encodings, checked on the bytes it writes. */
class Types11WriterTest {

    private static final int DATA = TeleportMessage.HEADER_SIZE;
    private static final TeleportLayout ONE_LONG = TeleportLayout.of("struct L{v:i64@0}#8:8", 8, 8);

    private final TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);

    @Test
    void timestampsAreMicrosecondsTruncatedTowardThePast() {
        assertThat(micros(Instant.EPOCH)).isZero();
        assertThat(micros(Instant.ofEpochSecond(0, 999))).isZero();
        assertThat(micros(Instant.ofEpochSecond(0, 1999))).isEqualTo(1);
        assertThat(micros(Instant.ofEpochSecond(0, -1))).isEqualTo(-1);          // not 0: toward the past
        assertThat(micros(Instant.ofEpochSecond(-1, 1))).isEqualTo(-1_000_000);  // -999,999,999 ns
        assertThat(micros(Instant.ofEpochSecond(-1, 999_999_999))).isEqualTo(-1);
        assertThat(micros(Instant.parse("2024-02-29T12:34:56.789012999Z"))).isEqualTo(1709210096789012L);
    }

    @Test
    void timestampsReachExactlyTheI64Range() {
        Instant min = TeleportValues.instant(Long.MIN_VALUE);
        Instant max = TeleportValues.instant(Long.MAX_VALUE);
        assertThat(micros(min)).isEqualTo(Long.MIN_VALUE);
        assertThat(micros(max)).isEqualTo(Long.MAX_VALUE);
        assertThat(micros(max.plusNanos(999))).isEqualTo(Long.MAX_VALUE);
        for (Instant beyond : new Instant[] {min.minusNanos(1), max.plusNanos(1000), Instant.MIN, Instant.MAX}) {
            writer.begin(ONE_LONG);
            assertThatThrownBy(() -> writer.putTimestamp(0, beyond)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timestamp : " + beyond + " (expected: within ±2^63 microseconds of"
                            + " 1970-01-01T00:00:00Z)");
            writer.abort();
        }
        // and every microsecond count reads back as the instant that writes it
        qt().forAll(longs().all()).checkAssert(m -> assertThat(micros(TeleportValues.instant(m))).isEqualTo(m));
    }

    @Test
    void datesAreDaysSince1970InAnI32() {
        TeleportLayout oneInt = TeleportLayout.of("struct D{d:date@0}#4:4", 4, 4);
        writer.begin(oneInt);
        writer.putDate(0, LocalDate.of(1969, 12, 31));
        assertThat(intAt(finish(), DATA)).isEqualTo(-1);
        writer.begin(oneInt);
        writer.putDate(0, LocalDate.ofEpochDay(Integer.MIN_VALUE));
        assertThat(intAt(finish(), DATA)).isEqualTo(Integer.MIN_VALUE);
        for (LocalDate beyond : new LocalDate[] {LocalDate.ofEpochDay(Integer.MAX_VALUE + 1L), LocalDate.MIN}) {
            writer.begin(oneInt);
            assertThatThrownBy(() -> writer.putDate(0, beyond))
                    .hasMessage("date : " + beyond + " (expected: within 2^31 days of 1970-01-01)");
            writer.abort();
        }
    }

    @Test
    void uuidsAreWrittenMostSignificantByteFirst() {
        TeleportLayout oneUuid = TeleportLayout.of("struct U{u:uuid@0}#16:8", 16, 8);
        writer.begin(oneUuid);
        writer.putUuid(0, new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L));
        byte[] bytes = finish();
        assertThat(Arrays.copyOfRange(bytes, DATA, DATA + 16))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    }

    @Test
    void decimalsAreTheirPlainTextInTheStringTable() {
        assertThat(decimalText(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(decimalText(new BigDecimal("1E-3"))).isEqualTo("0.001");
        assertThat(decimalText(new BigDecimal("-12.50"))).isEqualTo("-12.50");
        assertThat(decimalText(new BigDecimal("0E+5"))).isEqualTo("0");
        assertThat(decimalText(new BigDecimal("-0E-2"))).isEqualTo("0.00");
        // any unscaled value and scale: the plain text, always matching -?[0-9]+(\.[0-9]+)?
        qt().forAll(longs().all(), integers().between(-60, 60)).checkAssert((unscaled, scale) -> {
            BigDecimal value = new BigDecimal(BigInteger.valueOf(unscaled), scale);
            assertThat(TeleportValues.decimalText(value)).isEqualTo(value.toPlainString())
                    .matches("-?[0-9]+(\\.[0-9]+)?");
        });
    }

    @Test
    void decimalsLongerThanTheLimitAreRefusedBeforeTheirTextIsBuilt() {
        int max = TeleportFieldType.MAX_DECIMAL_LENGTH;
        assertThat(TeleportValues.decimalText(new BigDecimal("1E+" + (max - 1)))).hasSize(max);
        assertThat(TeleportValues.decimalText(new BigDecimal("-1E+" + (max - 2)))).hasSize(max);
        assertThat(TeleportValues.decimalText(new BigDecimal(BigInteger.ONE, max - 2))).hasSize(max);
        assertThat(TeleportValues.decimalText(new BigDecimal("0E+999999999"))).isEqualTo("0");
        for (BigDecimal tooLong : new BigDecimal[] {new BigDecimal("1E+" + max), new BigDecimal("-1E+" + (max - 1)),
            new BigDecimal(BigInteger.ONE, max - 1), new BigDecimal("1E+999999999")}) {
            writer.begin(ONE_LONG);
            assertThatThrownBy(() -> writer.putDecimal(0, tooLong)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageEndingWith(" characters of plain text (expected: <= 147457)");
            writer.abort();
        }
    }

    @Test
    void bytesGoToTheStringTableFromAnArrayOrABufferWhoseIndexesStay() {
        TeleportLayout two = TeleportLayout.of("struct B{a:bytes@0,b:bytes@8}#16:4", 16, 4);
        ByteBuf source = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(new byte[] {9, 8, 7, 6});
        try {
            source.readByte();
            for (boolean sized : new boolean[] {false, true}) {
                int at = sized ? writer.beginSized(two, 16) : writer.begin(two);
                writer.putBytes(at, new byte[] {1, 2});
                writer.putBytes(at + 8, source);
                byte[] bytes = finish();
                assertThat(bytes).as("sized %s", sized).hasSize(DATA + 16 + 5);
                assertThat(new int[] {intAt(bytes, 24), intAt(bytes, 28), intAt(bytes, 32), intAt(bytes, 36)})
                        .containsExactly(0, 2, 2, 3);
                assertThat(Arrays.copyOfRange(bytes, 40, 45)).containsExactly(1, 2, 8, 7, 6);
            }
            assertThat(source.readerIndex()).isEqualTo(1);
            assertThat(source.writerIndex()).isEqualTo(4);
        } finally {
            source.release();
        }
        // empty bytes are the reference (0, 0) and take no table bytes
        ByteBuf empty = PooledByteBufAllocator.DEFAULT.directBuffer(0);
        try {
            writer.begin(two);
            writer.putBytes(0, new byte[0]);
            writer.putBytes(8, empty);
            byte[] bytes = finish();
            assertThat(bytes).hasSize(DATA + 16);
            assertThat(intAt(bytes, 20)).as("S").isZero();
            assertThat(Arrays.copyOfRange(bytes, DATA, DATA + 16)).containsOnly(0);
        } finally {
            empty.release();
        }
    }

    @Test
    void anAbsentOptionalIsAllZeroAndAPresentOneZeroesItsPaddingEvenInASizedMessage() {
        TeleportFieldType optionalUuid = TeleportFieldType.optionalOf(TeleportFieldType.UUID);
        TeleportLayout layout = TeleportStruct.builder("O").field("a", optionalUuid).field("b", optionalUuid)
                .build().layout();
        assertThat(layout.canonical()).isEqualTo("struct O{a:optional<uuid>@0,b:optional<uuid>@24}#48:8");
        // dirty the writer's scratch first, which a sized message does not zero
        writer.begin(layout);
        for (int i = 0; i < 48; i += 8) {
            writer.putLong(i, -1L);
        }
        finish();
        writer.beginSized(layout, 48);
        writer.putAbsent(0, optionalUuid);
        int value = writer.putPresent(24, optionalUuid);
        assertThat(value).isEqualTo(32);
        writer.putUuid(value, new UUID(0, 0x0102));
        byte[] bytes = finish();
        byte[] expected = new byte[48];
        expected[24] = 1;
        expected[46] = 1;
        expected[47] = 2;
        assertThat(Arrays.copyOfRange(bytes, DATA, DATA + 48)).isEqualTo(expected);
        writer.begin(layout);
        assertThatThrownBy(() -> writer.putPresent(0, TeleportFieldType.UUID))
                .hasMessage("optional : uuid (expected: an optional<T>)");
        assertThatThrownBy(() -> writer.putAbsent(0, TeleportFieldType.I32))
                .hasMessage("optional : i32 (expected: an optional<T>)");
        writer.abort();
    }

    private long micros(Instant value) {
        writer.begin(ONE_LONG);
        writer.putTimestamp(0, value);
        byte[] bytes = finish();
        long micros = 0;
        for (int i = 7; i >= 0; i--) {
            micros = micros << 8 | (bytes[DATA + i] & 0xff);
        }
        return micros;
    }

    private String decimalText(BigDecimal value) {
        TeleportLayout oneDecimal = TeleportLayout.of("struct P{p:decimal@0}#8:4", 8, 4);
        writer.begin(oneDecimal);
        writer.putDecimal(0, value);
        byte[] bytes = finish();
        int offset = intAt(bytes, DATA);
        int length = intAt(bytes, DATA + 4);
        return new String(bytes, DATA + 8 + offset, length, java.nio.charset.StandardCharsets.US_ASCII);
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
