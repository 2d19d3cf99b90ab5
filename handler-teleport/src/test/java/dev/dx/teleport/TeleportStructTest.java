package dev.dx.teleport;

import static dev.dx.teleport.TeleportFieldType.BOOL;
import static dev.dx.teleport.TeleportFieldType.F32;
import static dev.dx.teleport.TeleportFieldType.F64;
import static dev.dx.teleport.TeleportFieldType.I16;
import static dev.dx.teleport.TeleportFieldType.I32;
import static dev.dx.teleport.TeleportFieldType.I64;
import static dev.dx.teleport.TeleportFieldType.I8;
import static dev.dx.teleport.TeleportFieldType.STRING;
import static dev.dx.teleport.TeleportFieldType.U16;
import static dev.dx.teleport.TeleportFieldType.U32;
import static dev.dx.teleport.TeleportFieldType.U64;
import static dev.dx.teleport.TeleportFieldType.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Struct layouts built at run time: §3's rules, §4's canonical string, §5's example. */
class TeleportStructTest {

    private static final List<TeleportFieldType> SCALARS =
            List.of(BOOL, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64);

    private static TeleportStruct user() {
        return TeleportStruct.builder("User")
                .field("id", I64)
                .field("name", STRING)
                .field("age", I8)
                .field("active", BOOL)
                .build();
    }

    @Test
    void specExampleHasTheProcessorsCanonicalStringAndFingerprint() {
        TeleportStruct user = user();
        assertThat(user.layout().canonical())
                .isEqualTo("struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8");
        assertThat(user.layout().fingerprint()).isEqualTo(0xdc414aabc54060cbL);
        assertThat(user.layout()).isEqualTo(TestBytes.USER);
        assertThat(user.fields()).extracting(TeleportStruct.Field::offset).containsExactly(0, 8, 16, 17);
        assertThat(user.offset("active")).isEqualTo(17);
        assertThat(user.field("name").type()).isEqualTo(STRING);
    }

    @Test
    void specExampleWrittenThroughTheBuiltOffsetsIsTheSpecVector() {
        TeleportStruct user = user();
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        int at = writer.begin(user.layout());
        writer.putLong(at + user.offset("id"), 42);
        writer.putString(at + user.offset("name"), "Ada");
        writer.putByte(at + user.offset("age"), (byte) 36);
        writer.putBoolean(at + user.offset("active"), true);
        ByteBuf message = writer.finish();
        try {
            assertThat(TestBytes.bytes(message)).isEqualTo(TestBytes.vector("user.hex"));
        } finally {
            message.release();
        }
    }

    @Test
    void nestedStructsSlicesAndEnumsNameTheirTypes() {
        TeleportStruct wheel = TeleportStruct.builder("Wheel").field("size", I16).field("pressure", F32).build();
        assertThat(wheel.layout().canonical()).isEqualTo("struct Wheel{size:i16@0,pressure:f32@4}#8:4");

        TeleportStruct car = TeleportStruct.builder("Car")
                .field("grade", U16)
                .field("spare", TeleportFieldType.structOf(wheel))
                .field("colour", TeleportFieldType.enumOf("Colour", 3))
                .field("wheels", TeleportFieldType.sliceOf(TeleportFieldType.structOf(wheel)))
                .field("codes", TeleportFieldType.sliceOf(I32))
                .field("kind", TeleportFieldType.enumOf("Kind", 257))
                .build();
        assertThat(car.layout().canonical()).isEqualTo("struct Car{grade:u16@0,"
                + "spare:struct Wheel{size:i16@0,pressure:f32@4}#8:4@4,colour:enum<Colour>:u8@12,"
                + "wheels:slice<struct Wheel{size:i16@0,pressure:f32@4}#8:4>@16,codes:slice<i32>@24,"
                + "kind:enum<Kind>:u16@32}#36:4");
        assertThat(car.layout().fingerprint()).isEqualTo(TeleportLayout.fingerprintOf(car.layout().canonical()));
        assertThat(car.field("wheels").type().element()).isEqualTo(TeleportFieldType.structOf(wheel));
    }

    @Test
    void anEmptyStructIsAlignedToOneAndTakesNoBytes() {
        TeleportLayout empty = TeleportStruct.builder("Empty").build().layout();
        assertThat(empty.canonical()).isEqualTo("struct Empty{}#0:1");
        assertThat(empty.size()).isZero();
        assertThat(empty.align()).isEqualTo(1);
    }

    @Test
    void everyFieldSitsAtAMultipleOfItsAlignmentInOrderWithoutOverlap() {
        // §3 for random field lists: each offset a multiple of the field's alignment, right after
        // the previous field's end rounded up; the size a multiple of the struct's alignment
        qt().forAll(lists().of(integers().between(0, SCALARS.size() + 1)).ofSizeBetween(0, 40))
                .checkAssert(choices -> {
                    TeleportStruct.Builder builder = TeleportStruct.builder("R");
                    for (int i = 0; i < choices.size(); i++) {
                        builder.field("f" + i, type(choices.get(i)));
                    }
                    TeleportStruct struct = builder.build();
                    int end = 0;
                    int align = 1;
                    for (TeleportStruct.Field field : struct.fields()) {
                        int fieldAlign = field.type().align();
                        assertThat(field.offset() % fieldAlign).isZero();
                        assertThat(field.offset()).isBetween(end, end + fieldAlign - 1);
                        end = field.offset() + field.type().size();
                        align = Math.max(align, fieldAlign);
                    }
                    TeleportLayout layout = struct.layout();
                    assertThat(layout.align()).isEqualTo(align);
                    assertThat(layout.size() % align).isZero();
                    assertThat(layout.size()).isBetween(end, end + align - 1);
                    assertThat(layout.fingerprint()).isEqualTo(TeleportLayout.fingerprintOf(layout.canonical()));
                });
    }

    private static TeleportFieldType type(int choice) {
        if (choice < SCALARS.size()) {
            return SCALARS.get(choice);
        }
        return choice == SCALARS.size() ? STRING : TeleportFieldType.sliceOf(I64);
    }

    @Test
    void rejectsNamesTheCanonicalStringCannotCarry() {
        assertThatThrownBy(() -> TeleportStruct.builder("a b"))
                .hasMessage("struct name : \"a b\" (expected: a Java identifier, as the canonical layout string names it)");
        assertThatThrownBy(() -> TeleportStruct.builder("R").field("x@1", I8))
                .hasMessageStartingWith("field name : \"x@1\" (expected: a Java identifier");
        assertThatThrownBy(() -> TeleportStruct.builder("R").field("", I8))
                .hasMessageStartingWith("field name : \"\" (expected: a Java identifier");
        assertThatThrownBy(() -> TeleportStruct.builder("R").field("1x", I8))
                .hasMessageStartingWith("field name : \"1x\"");
        assertThatThrownBy(() -> TeleportFieldType.enumOf("Col,our", 2))
                .hasMessageStartingWith("enum name : \"Col,our\"");
        assertThat(TeleportStruct.builder("Größe").field("ñame", I8).build().layout().canonical())
                .isEqualTo("struct Größe{ñame:i8@0}#1:1");
    }

    @Test
    void rejectsDuplicateFieldsAndUnknownLookups() {
        TeleportStruct.Builder builder = TeleportStruct.builder("R").field("x", I8);
        assertThatThrownBy(() -> builder.field("x", I32))
                .hasMessage("field name : x (already a field of struct R)");
        TeleportStruct struct = builder.field("y", I32).build();
        assertThatThrownBy(() -> struct.offset("z"))
                .hasMessage("struct R has no field z (fields: [x, y])");
    }

    @Test
    void rejectsUnsupportedSliceElementsAndEnumSizes() {
        assertThatThrownBy(() -> TeleportFieldType.sliceOf(STRING))
                .hasMessage("element : string (expected: a scalar, a struct, bytes, timestamp, date, uuid"
                        + " or decimal; slices of strings, enums or slices are not supported)");
        assertThatThrownBy(() -> TeleportFieldType.sliceOf(TeleportFieldType.sliceOf(I8)))
                .hasMessageStartingWith("element : slice<i8> (expected: a scalar, a struct");
        assertThatThrownBy(() -> TeleportFieldType.enumOf("E", 0))
                .hasMessageStartingWith("constants : 0");
        assertThatThrownBy(() -> TeleportFieldType.enumOf("E", 65537))
                .hasMessageStartingWith("constants : 65537");
        assertThat(TeleportFieldType.enumOf("E", 256).size()).isEqualTo(1);
        assertThat(TeleportFieldType.enumOf("E", 65536).canonical()).isEqualTo("enum<E>:u16");
    }
}
