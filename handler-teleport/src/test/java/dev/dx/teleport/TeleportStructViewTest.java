package dev.dx.teleport;

import static dev.dx.teleport.TeleportFieldType.BOOL;
import static dev.dx.teleport.TeleportFieldType.F32;
import static dev.dx.teleport.TeleportFieldType.I16;
import static dev.dx.teleport.TeleportFieldType.I64;
import static dev.dx.teleport.TeleportFieldType.I8;
import static dev.dx.teleport.TeleportFieldType.STRING;
import static dev.dx.teleport.TeleportFieldType.U16;
import static dev.dx.teleport.TeleportFieldType.U32;
import static dev.dx.teleport.TeleportFieldType.U64;
import static dev.dx.teleport.TeleportFieldType.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Reading structs built at run time by field name: values, type errors, §1's checks on hostile bytes. */
class TeleportStructViewTest {

    private static final TeleportStruct USER = TeleportStruct.builder("User")
            .field("id", I64).field("name", STRING).field("age", I8).field("active", BOOL).build();

    private static final TeleportStruct POINT = TeleportStruct.builder("Point")
            .field("x", I16).field("y", F32).build();

    /** unsigned: u8 u16 u32 u64; an enum of 3; a nested struct; slices of structs and of bools. */
    private static final TeleportStruct SHAPE = TeleportStruct.builder("Shape")
            .field("a", U8).field("b", U16).field("c", U32).field("d", U64)
            .field("kind", TeleportFieldType.enumOf("Kind", 3))
            .field("origin", TeleportFieldType.structOf(POINT))
            .field("points", TeleportFieldType.sliceOf(TeleportFieldType.structOf(POINT)))
            .field("flags", TeleportFieldType.sliceOf(BOOL))
            .build();

    private final TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);

    @Test
    void readsTheSpecExampleByFieldName() {
        ByteBuf buf = Unpooled.wrappedBuffer(TestBytes.vector("user.hex"));
        TeleportMessage message = TeleportMessage.wrap(buf, USER.layout());
        try {
            TeleportStructView user = new TeleportStructView(USER).wrap(message);
            assertThat(user.integer("id")).isEqualTo(42);
            assertThat(user.string("name")).isEqualTo("Ada");
            assertThat(user.stringEquals("name", "Ada")).isTrue();
            assertThat(user.stringEquals("name", "Ad")).isFalse();
            assertThat(user.integer("age")).isEqualTo(36);
            assertThat(user.bool("active")).isTrue();
            assertThat(user).hasToString("User{id=42, name=\"Ada\", age=36, active=true}");
        } finally {
            message.release();
        }
    }

    @Test
    void widensUnsignedTypesAndDescendsIntoStructsAndSlices() {
        withShape(s -> { }, view -> {
            assertThat(view.integer("a")).isEqualTo(255);
            assertThat(view.integer("b")).isEqualTo(65535);
            assertThat(view.integer("c")).isEqualTo(4294967295L);
            assertThat(view.integer("d")).isEqualTo(-1L);
            assertThat(view.ordinal("kind")).isEqualTo(2);
            assertThat(view.struct("origin").integer("x")).isEqualTo(-7);
            assertThat(view.count("points")).isEqualTo(2);
            assertThat(view.element("points", 1).real("y")).isEqualTo(2.5);
            assertThat(view.bool("flags", 0)).isFalse();
            assertThat(view.bool("flags", 2)).isTrue();
            assertThat(view).hasToString("Shape{a=255, b=65535, c=4294967295, d=18446744073709551615, kind=2,"
                    + " origin=Point{x=-7, y=0.5}, points=[Point{x=1, y=1.5}, Point{x=2, y=2.5}],"
                    + " flags=[false, true, true]}");
            assertThatThrownBy(() -> view.element("points", 2))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index : 2 (expected: 0-1)");
        });
    }

    @Test
    void askingForTheWrongTypeNamesTheFieldsType() {
        withShape(s -> { }, view -> {
            assertThatThrownBy(() -> view.string("a"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("field a of struct Shape is u8, not a string");
            assertThatThrownBy(() -> view.real("kind"))
                    .hasMessage("field kind of struct Shape is enum<Kind>:u8, not an f32 or f64");
            assertThatThrownBy(() -> view.integer("flags", 0))
                    .hasMessage("field flags of struct Shape is slice<bool>, not a slice of integer elements");
            assertThatThrownBy(() -> view.element("flags", 0))
                    .hasMessage("field flags of struct Shape is slice<bool>, not a slice of struct elements");
            assertThatThrownBy(() -> view.count("nope"))
                    .hasMessageStartingWith("struct Shape has no field nope (fields: [a, b, c, d, kind,");
        });
        assertThatThrownBy(() -> new TeleportStructView(SHAPE).integer("a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("view of Shape not wrapped: call wrap() first");
        assertThat(new TeleportStructView(SHAPE)).hasToString("Shape{(not wrapped)}");
    }

    @Test
    void hostileBytesFailTheCheckTheyBreakAndToStringSaysSo() {
        int data = TeleportMessage.HEADER_SIZE;
        // a bool byte of 2 in the slice of bools (root 0-47, points 48-63, flags from 64)
        withShape(s -> s.setByte(data + 64, 2), view -> {
            assertThatThrownBy(() -> view.bool("flags", 0))
                    .isInstanceOfSatisfying(TeleportFormatException.class,
                            e -> assertThat(e.check()).isEqualTo(TeleportCheck.BOOL_VALUE));
            assertThat(view.toString()).endsWith("flags=[ (unreadable: " + checkMessage(() -> view.bool("flags", 0)) + ")");
        });
        // ordinal 3 of an enum of 3
        withShape(s -> s.setByte(data + 16, 3), view -> assertThatThrownBy(() -> view.ordinal("kind"))
                .isInstanceOfSatisfying(TeleportFormatException.class,
                        e -> assertThat(e.check()).isEqualTo(TeleportCheck.ENUM_ORDINAL)));
        // the points slice's count made too large for the data section
        withShape(s -> s.setIntLE(data + 32, 1000), view -> assertThatThrownBy(() -> view.count("points"))
                .isInstanceOfSatisfying(TeleportFormatException.class,
                        e -> assertThat(e.check()).isEqualTo(TeleportCheck.SLICE_BOUNDS)));
        // the points slice's offset moved off its 4-byte alignment
        withShape(s -> s.setIntLE(data + 28, 50), view -> assertThatThrownBy(() -> view.element("points", 0))
                .isInstanceOfSatisfying(TeleportFormatException.class,
                        e -> assertThat(e.check()).isEqualTo(TeleportCheck.SLICE_ALIGNMENT)));
    }

    @Test
    void aStringReferencePastTheTableFailsItsCheck() {
        ByteBuf buf = Unpooled.wrappedBuffer(TestBytes.vector("user.hex"));
        buf.setIntLE(TeleportMessage.HEADER_SIZE + 12, 4); // name length 4 in a 3-byte table
        TeleportMessage message = TeleportMessage.wrap(buf, USER.layout());
        try {
            TeleportStructView user = new TeleportStructView(USER).wrap(message);
            assertThatThrownBy(() -> user.string("name"))
                    .isInstanceOfSatisfying(TeleportFormatException.class,
                            e -> assertThat(e.check()).isEqualTo(TeleportCheck.STRING_BOUNDS));
            assertThat(user.integer("id")).isEqualTo(42);
        } finally {
            message.release();
        }
    }

    @Test
    void anotherRootTypeIsRefusedAndAReleasedMessageIsNotRead() {
        ByteBuf buf = Unpooled.wrappedBuffer(TestBytes.vector("user.hex"));
        TeleportMessage message = TeleportMessage.wrap(buf, USER.layout());
        TeleportStructView view = new TeleportStructView(USER).wrap(message);
        assertThatThrownBy(() -> new TeleportStructView(SHAPE).wrap(message))
                .isInstanceOfSatisfying(TeleportFormatException.class,
                        e -> assertThat(e.check()).isEqualTo(TeleportCheck.FINGERPRINT));
        message.release();
        assertThatThrownBy(() -> view.integer("id")).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static String checkMessage(Runnable read) {
        try {
            read.run();
            throw new AssertionError("expected a failed check");
        } catch (TeleportFormatException e) {
            return e.getMessage();
        }
    }

    /**
     * Writes a Shape (a=255, b=65535, c=2^32-1, d=2^64-1, kind=2, origin (-7, 0.5), points
     * [(1, 1.5), (2, 2.5)], flags [false, true, true]), lets {@code corrupt} change its bytes and
     * hands {@code check} a view of it; its layout is asserted first.
     */
    private void withShape(Consumer<ByteBuf> corrupt, Consumer<TeleportStructView> check) {
        assertThat(SHAPE.layout().canonical()).isEqualTo("struct Shape{a:u8@0,b:u16@2,c:u32@4,d:u64@8,"
                + "kind:enum<Kind>:u8@16,origin:struct Point{x:i16@0,y:f32@4}#8:4@20,"
                + "points:slice<struct Point{x:i16@0,y:f32@4}#8:4>@28,flags:slice<bool>@36}#48:8");
        int at = writer.begin(SHAPE.layout());
        writer.putByte(at, (byte) 255);
        writer.putChar(at + 2, (char) 65535);
        writer.putInt(at + 4, -1);
        writer.putLong(at + 8, -1L);
        writer.putByte(at + 16, (byte) 2);
        writer.putShort(at + 20, (short) -7);
        writer.putFloat(at + 24, 0.5f);
        int points = writer.putSlice(at + 28, 2, 8, 4);
        for (int i = 0; i < 2; i++) {
            writer.putShort(points + 8 * i, (short) (i + 1));
            writer.putFloat(points + 8 * i + 4, i + 1.5f);
        }
        int flags = writer.putSlice(at + 36, 3, 1, 1);
        writer.putBoolean(flags + 1, true);
        writer.putBoolean(flags + 2, true);
        ByteBuf buf = writer.finish();
        corrupt.accept(buf);
        TeleportMessage message = TeleportMessage.wrap(buf, SHAPE.layout());
        try {
            check.accept(new TeleportStructView(SHAPE).wrap(message));
        } finally {
            message.release();
        }
    }
}
