package dev.dx.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile bytes in the Teleport/1.1 §6 types: each gives a {@link TeleportFormatException} naming
 * the check, the field and the problem, and nothing is read outside the message. Inputs are pooled
 * direct buffers, so the paranoid leak detector sees every path.
 */
class Types11HostileTest {

    private static final int H = TeleportMessage.HEADER_SIZE;
    private static final byte[] VECTOR = TestBytes.vector("every-type.hex");

    private static final TeleportStruct DECIMAL_ONLY = TeleportStruct.builder("Price")
            .field("price", TeleportFieldType.DECIMAL).build();

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 0x80, 0xff})
    void aPresenceByteOtherThan0Or1IsRefusedByEveryReadOfTheOptional(int presence) {
        withVector(buf -> buf.setByte(H + 48, presence), view -> {
            String message = "PRESENCE_VALUE: field maybeInt of struct Everything: presence byte " + presence
                    + " (expected: 0 or 1)";
            for (ThrowingCallable read : new ThrowingCallable[] {
                () -> view.isPresent("maybeInt"), () -> view.integer("maybeInt"),
                () -> view.integerOr("maybeInt", 0)}) {
                assertFormat(read, TeleportCheck.PRESENCE_VALUE).hasMessage(message);
            }
            assertThat(view.toString()).contains("maybeInt= (unreadable: " + message + ")");
        });
        // an absent optional's presence byte too: maybeName (56), and one whose value is a uuid (72)
        withVector(buf -> buf.setByte(H + 56, presence), view -> assertFormat(() -> view.string("maybeName"),
                TeleportCheck.PRESENCE_VALUE).hasMessageContaining("field maybeName of struct Everything"));
        withVector(buf -> buf.setByte(H + 72, presence), view -> assertFormat(() -> view.uuid("maybeId"),
                TeleportCheck.PRESENCE_VALUE).hasMessageContaining("field maybeId of struct Everything"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "1e5|byte 0x65 at 1 of 3 in \"1e5\" (expected: the end;",
        "+1|byte 0x2b at 0 of 2 in \"+1\" (expected: a digit;",
        "1.|end of text at 2 of 2 in \"1.\" (expected: a digit after the point;",
        ".5|byte 0x2e at 0 of 2 in \".5\" (expected: a digit;",
        "-|end of text at 1 of 1 in \"-\" (expected: a digit;",
        "''|end of text at 0 of 0 in \"\" (expected: a digit;",
        "1.2.3|byte 0x2e at 3 of 5 in \"1.2.3\" (expected: the end;",
        "' 1'|byte 0x20 at 0 of 2 in \" 1\" (expected: a digit;",
        "1,5|byte 0x2c at 1 of 3 in \"1,5\" (expected: the end;",
        "--1|byte 0x2d at 1 of 3 in \"--1\" (expected: a digit;",
        "\u0661|byte 0xd9 at 0 of 2 (expected: a digit;",
        "1\u00e9|byte 0xc3 at 1 of 3 (expected: the end;",
        "NaN|byte 0x4e at 0 of 3 in \"NaN\" (expected: a digit;"})
    void decimalTextThatIsNotPlainDecimalIsRefusedNamingTheField(String text, String problem) {
        withDecimal(text, view -> {
            for (ThrowingCallable read : new ThrowingCallable[] {
                () -> view.decimal("price"), () -> view.decimalText("price")}) {
                assertFormat(read, TeleportCheck.DECIMAL_TEXT).hasMessageStartingWith(
                        "DECIMAL_TEXT: field price of struct Price: decimal text " + problem);
            }
            assertThat(view.toString()).startsWith("Price{price= (unreadable: DECIMAL_TEXT: field price");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "007", "-12.50", "0.000", "123456789012345678901234567890.0000000001"})
    void plainDecimalTextIsRead(String text) {
        withDecimal(text, view -> {
            assertThat(view.decimalText("price")).isEqualTo(text);
            assertThat(view.decimal("price")).isEqualTo(new java.math.BigDecimal(text));
        });
    }

    @Test
    void decimalTextLongerThanTheLimitIsRefusedBeforeItIsParsed() {
        String longest = "1".repeat(TeleportFieldType.MAX_DECIMAL_LENGTH);
        withDecimal(longest, view -> assertThat(view.decimalText("price")).hasSize(TeleportFieldType.MAX_DECIMAL_LENGTH));
        withDecimal(longest + "1", view -> assertFormat(() -> view.decimal("price"), TeleportCheck.DECIMAL_TEXT)
                .hasMessage("DECIMAL_TEXT: field price of struct Price: decimal text 147458 bytes"
                        + " (expected: <= 147457)"));
    }

    @Test
    void bytesAndDecimalReferencesPastTheStringTableAreRefusedNamingTheField() {
        // S = 31. blob at data 0: length 32
        withVector(buf -> buf.setIntLE(H + 4, 32), view -> {
            String message = "STRING_BOUNDS: field blob of struct Everything: offset 0 + length 32 = 32"
                    + " (expected: <= S = 31)";
            assertFormat(() -> view.bytes("blob"), TeleportCheck.STRING_BOUNDS).hasMessage(message);
            assertFormat(() -> view.bytesSlice("blob"), TeleportCheck.STRING_BOUNDS).hasMessage(message);
            assertThat(view.toString()).isEqualTo("Everything{blob= (unreadable: " + message + ")");
        });
        // an offset that wraps 32 bits
        withVector(buf -> buf.setIntLE(H, -1), view -> assertFormat(() -> view.bytes("blob"),
                TeleportCheck.STRING_OVERFLOW).hasMessage("STRING_OVERFLOW: field blob of struct Everything:"
                        + " offset 4294967295 + length 3 = 4294967298 (expected: <= 2^32 - 1)"));
        // price at data 40 (3, 8): offset 24 makes it end at 32
        withVector(buf -> buf.setIntLE(H + 40, 24), view -> {
            assertFormat(() -> view.decimal("price"), TeleportCheck.STRING_BOUNDS)
                    .hasMessage("STRING_BOUNDS: field price of struct Everything: offset 24 + length 8 = 32"
                            + " (expected: <= S = 31)");
            assertFormat(() -> view.decimalText("price"), TeleportCheck.STRING_BOUNDS);
        });
        // an optional's value: maybePrice (value at 124), maybeBlob (value at 136)
        withVector(buf -> buf.setIntLE(H + 128, 21), view -> assertFormat(() -> view.decimal("maybePrice"),
                TeleportCheck.STRING_BOUNDS).hasMessageContaining("field maybePrice of struct Everything: offset 11"));
        withVector(buf -> buf.setIntLE(H + 140, 32), view -> assertFormat(() -> view.bytes("maybeBlob"),
                TeleportCheck.STRING_BOUNDS).hasMessageContaining("field maybeBlob of struct Everything"));
        // slice elements: blobs[2] at data 208, prices[0] at data 264
        withVector(buf -> buf.setIntLE(H + 212, 100), view -> {
            assertFormat(() -> view.bytes("blobs", 2), TeleportCheck.STRING_BOUNDS).hasMessage("STRING_BOUNDS:"
                    + " element 2 of field blobs of struct Everything: offset 16 + length 100 = 116"
                    + " (expected: <= S = 31)");
            assertFormat(() -> view.bytesSlice("blobs", 2), TeleportCheck.STRING_BOUNDS);
            assertThat(view.bytes("blobs", 0)).containsExactly(1);
        });
        withVector(buf -> buf.setIntLE(H + 264, 31), view -> assertFormat(() -> view.decimal("prices", 0),
                TeleportCheck.STRING_BOUNDS).hasMessageContaining("element 0 of field prices of struct Everything"));
    }

    @Test
    void aUuidOrTimestampCutShortIsRefusedBeforeAnythingIsRead() {
        TeleportStruct tail = TeleportStruct.builder("Tail").field("a", TeleportFieldType.I32)
                .field("at", TeleportFieldType.TIMESTAMP).field("id", TeleportFieldType.UUID).build();
        assertThat(tail.layout().canonical()).isEqualTo("struct Tail{a:i32@0,at:timestamp@8,id:uuid@16}#32:8");
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        int at = writer.begin(tail.layout());
        writer.putTimestamp(at + 8, java.time.Instant.EPOCH);
        writer.putUuid(at + 16, new java.util.UUID(-1, -1));
        ByteBuf whole = writer.finish();
        try {
            // the buffer ends inside the uuid: the message is shorter than its header says
            for (int cut : new int[] {1, 8, 16, 24}) {
                ByteBuf shortened = PooledByteBufAllocator.DEFAULT.directBuffer()
                        .writeBytes(whole, 0, whole.readableBytes() - cut);
                try {
                    assertThatThrownBy(() -> TeleportMessage.wrap(shortened, tail.layout()))
                            .isInstanceOfSatisfying(TeleportFormatException.class,
                                    e -> assertThat(e.check()).isEqualTo(TeleportCheck.MESSAGE_LENGTH))
                            .hasMessage("MESSAGE_LENGTH: 24 + D + S = 56 bytes but only " + (56 - cut) + " available");
                } finally {
                    shortened.release();
                }
            }
            // D says the data section ends inside the uuid (or the timestamp), though bytes follow
            for (int dataLength : new int[] {24, 16, 8}) {
                ByteBuf lying = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(whole, 0, whole.readableBytes());
                lying.setIntLE(16, dataLength);
                try {
                    assertThatThrownBy(() -> TeleportMessage.wrap(lying, tail.layout()))
                            .isInstanceOfSatisfying(TeleportFormatException.class,
                                    e -> assertThat(e.check()).isEqualTo(TeleportCheck.ROOT_SIZE))
                            .hasMessage("ROOT_SIZE: D = " + dataLength + " (expected: >= 32, the size of Tail)");
                } finally {
                    lying.release();
                }
            }
        } finally {
            whole.release();
        }
    }

    @Test
    void aSliceOfUuidsOrTimestampsRunningPastTheDataSectionIsRefused() {
        // ids = slice (248, 1) at data 176: three uuids from 248 end at 296, past D = 288
        withVector(buf -> buf.setIntLE(H + 180, 3), view -> {
            assertFormat(() -> view.uuid("ids", 0), TeleportCheck.SLICE_BOUNDS)
                    .hasMessage("SLICE_BOUNDS: offset 248 + 3 × 16 = 296 (expected: <= D = 288)");
            assertFormat(() -> view.count("ids"), TeleportCheck.SLICE_BOUNDS);
        });
        // stamps = slice (216, 3) at data 160: moved to 196, inside D but not a multiple of 8
        withVector(buf -> buf.setIntLE(H + 160, 196), view -> assertFormat(() -> view.timestamp("stamps", 0),
                TeleportCheck.SLICE_ALIGNMENT).hasMessage("SLICE_ALIGNMENT: offset 196 (expected: a multiple of 8)"));
    }

    @Test
    void anAbsentOptionalIsNotReadAndTheWrongTypeIsNamed() {
        withVector(buf -> { }, view -> {
            assertThat(view.isPresent("maybeName")).isFalse();
            assertThatThrownBy(() -> view.string("maybeName")).isInstanceOf(NoSuchElementException.class)
                    .hasMessage("field maybeName of struct Everything is absent (optional<string>; ask isPresent first)");
            assertThatThrownBy(() -> view.timestamp("maybeAt")).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> view.epochDay("maybeDay")).isInstanceOf(NoSuchElementException.class);
            assertThat(view.integerOr("maybeInt", 5)).isEqualTo(-7);
            assertThatThrownBy(() -> view.isPresent("blob")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("field blob of struct Everything is bytes, not an optional");
            assertThatThrownBy(() -> view.uuid("blob"))
                    .hasMessage("field blob of struct Everything is bytes, not a uuid");
            assertThatThrownBy(() -> view.timestamp("maybeInt"))
                    .hasMessage("field maybeInt of struct Everything is optional<i32>, not a timestamp");
            assertThatThrownBy(() -> view.uuid("stamps", 0))
                    .hasMessage("field stamps of struct Everything is slice<timestamp>, not a slice of uuid elements");
            assertThatThrownBy(() -> view.integer("day")).hasMessage("field day of struct Everything is date, not an integer");
        });
        TeleportStruct optionals = TeleportStruct.builder("O").field("b", TeleportFieldType.optionalOf(TeleportFieldType.BOOL))
                .field("l", TeleportFieldType.optionalOf(TeleportFieldType.I64))
                .field("d", TeleportFieldType.optionalOf(TeleportFieldType.F64)).build();
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        int at = writer.begin(optionals.layout());
        for (TeleportStruct.Field f : optionals.fields()) {
            writer.putAbsent(at + f.offset(), f.type());
        }
        TeleportMessage message = TeleportMessage.wrap(writer.finish(), optionals.layout());
        try {
            TeleportStructView view = new TeleportStructView(optionals).wrap(message);
            assertThat(view.boolOr("b", true)).isTrue();
            assertThat(view.integerOr("l", -3)).isEqualTo(-3);
            assertThat(view.realOr("d", 0.25)).isEqualTo(0.25);
            assertThat(view).hasToString("O{b=null, l=null, d=null}");
        } finally {
            message.release();
        }
    }

    @Test
    void askingAboutAnAbsentOptionalAllocatesNothing() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean
                && ((com.sun.management.ThreadMXBean) threads).isThreadAllocatedMemoryEnabled());
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long thread = Thread.currentThread().getId();
        withVector(buf -> { }, view -> {
            long sum = 0;
            for (int round = 0; round < 2; round++) { // the first round loads and links what the calls use
                long before = allocations.getThreadAllocatedBytes(thread);
                for (int i = 0; i < 10_000; i++) {
                    sum += view.isPresent("maybeName") ? 1 : 0;
                    sum += view.isPresent("maybeAt") ? 1 : 0;
                    sum += view.integerOr("maybeInt", 0); // present: -7, read as a long
                    sum += view.boolOr("maybeFlag", false) ? 1 : 0;
                }
                long allocated = allocations.getThreadAllocatedBytes(thread) - before;
                if (round == 1) {
                    // a per-call allocation would be at least 16 B × 40,000 calls
                    assertThat(allocated).as("bytes allocated by 40,000 reads").isLessThan(16_000);
                }
            }
            assertThat(sum).isEqualTo(2 * 10_000 * (-7 + 1));
        });
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFormat(
            ThrowingCallable read, TeleportCheck check) {
        return assertThatThrownBy(read).isInstanceOfSatisfying(TeleportFormatException.class,
                e -> assertThat(e.check()).isEqualTo(check));
    }

    /** The golden vector in a pooled direct buffer, changed by {@code corrupt}, viewed by {@code check}. */
    private static void withVector(Consumer<ByteBuf> corrupt, Consumer<TeleportStructView> check) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(VECTOR.length).writeBytes(VECTOR);
        corrupt.accept(buf);
        TeleportMessage message;
        try {
            message = TeleportMessage.wrap(buf, Everything.STRUCT.layout());
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        try {
            check.accept(new TeleportStructView(Everything.STRUCT).wrap(message));
        } finally {
            message.release();
        }
    }

    /** A {@code Price{price:decimal}} whose text is {@code text}, written as a string (unchecked). */
    private static void withDecimal(String text, Consumer<TeleportStructView> check) {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        writer.putString(writer.begin(DECIMAL_ONLY.layout()), text);
        TeleportMessage message = TeleportMessage.wrap(writer.finish(), DECIMAL_ONLY.layout());
        try {
            check.accept(new TeleportStructView(DECIMAL_ONLY).wrap(message));
        } finally {
            message.release();
        }
    }
}
