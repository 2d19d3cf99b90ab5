package dev.dx.teleport;

import static dev.dx.teleport.TeleportFieldType.BOOL;
import static dev.dx.teleport.TeleportFieldType.BYTES;
import static dev.dx.teleport.TeleportFieldType.DATE;
import static dev.dx.teleport.TeleportFieldType.DECIMAL;
import static dev.dx.teleport.TeleportFieldType.I16;
import static dev.dx.teleport.TeleportFieldType.I32;
import static dev.dx.teleport.TeleportFieldType.I64;
import static dev.dx.teleport.TeleportFieldType.I8;
import static dev.dx.teleport.TeleportFieldType.STRING;
import static dev.dx.teleport.TeleportFieldType.TIMESTAMP;
import static dev.dx.teleport.TeleportFieldType.UUID;
import static dev.dx.teleport.TeleportFieldType.optionalOf;
import static dev.dx.teleport.TeleportFieldType.sliceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Teleport/1.1 §6 types in {@link TeleportFieldType} and {@link TeleportStruct}: sizes, §3 layout, refusals. */
class Types11LayoutTest {

    private static final TeleportFieldType POINT = TeleportFieldType.structOf(
            TeleportStruct.builder("Point").field("x", I16).field("y", TeleportFieldType.F32).build());

    /** Every type an optional or a struct field may be, for the property below. */
    private static final List<TeleportFieldType> TYPES = List.of(BOOL, I8, I16, I32, I64, STRING, BYTES, TIMESTAMP,
            DATE, UUID, DECIMAL, POINT, sliceOf(UUID), TeleportFieldType.enumOf("E", 300),
            TeleportFieldType.structOf(TeleportStruct.builder("Empty").build()));

    @Test
    void section6TypesHaveTheirSizeAlignmentAndCanonicalName() {
        assertType(BYTES, "bytes", 8, 4);
        assertType(TIMESTAMP, "timestamp", 8, 8);
        assertType(DATE, "date", 4, 4);
        assertType(UUID, "uuid", 16, 8);
        assertType(DECIMAL, "decimal", 8, 4);
        // §6's examples, and a few more worked by hand: presence at 0, value at align(T)
        assertType(optionalOf(I32), "optional<i32>", 8, 4);
        assertType(optionalOf(STRING), "optional<string>", 12, 4);
        assertType(optionalOf(BOOL), "optional<bool>", 2, 1);
        assertType(optionalOf(I16), "optional<i16>", 4, 2);
        assertType(optionalOf(I64), "optional<i64>", 16, 8);
        assertType(optionalOf(UUID), "optional<uuid>", 24, 8);
        assertType(optionalOf(POINT), "optional<struct Point{x:i16@0,y:f32@4}#8:4>", 12, 4);
        assertType(optionalOf(sliceOf(DATE)), "optional<slice<date>>", 12, 4);
        assertThat(optionalOf(I32).valueOffset()).isEqualTo(4);
        assertThat(optionalOf(BOOL).valueOffset()).isEqualTo(1);
        assertThat(optionalOf(UUID).valueOffset()).isEqualTo(8);
        assertThat(optionalOf(UUID).element()).isEqualTo(UUID);
        assertThat(I32.valueOffset()).isZero();
        assertThat(optionalOf(I32)).isEqualTo(optionalOf(I32)).isNotEqualTo(optionalOf(TeleportFieldType.U32));
        assertThat(optionalOf(TeleportFieldType.enumOf("E", 3))).isNotEqualTo(optionalOf(TeleportFieldType.enumOf("E", 4)));
    }

    @Test
    void anOptionalsValueSitsAtTheFirstMultipleOfItsAlignmentAfterThePresenceByte() {
        qt().forAll(integers().between(0, TYPES.size() - 1)).checkAssert(choice -> {
            TeleportFieldType value = TYPES.get(choice);
            TeleportFieldType optional = optionalOf(value);
            int a = value.align();
            int valueAt = a; // the smallest multiple of a that is at least 1
            assertThat(optional.valueOffset()).isEqualTo(valueAt);
            assertThat(optional.align()).isEqualTo(a);
            assertThat(optional.size()).isEqualTo((valueAt + value.size() + a - 1) / a * a);
            assertThat(optional.canonical()).isEqualTo("optional<" + value.canonical() + ">");
        });
    }

    @Test
    void structsLayOutSection6FieldsBySection3() {
        TeleportStruct s = TeleportStruct.builder("S").field("flag", BOOL).field("maybe", optionalOf(I64))
                .field("day", DATE).field("id", UUID).field("b", optionalOf(BOOL)).build();
        assertThat(s.layout().canonical())
                .isEqualTo("struct S{flag:bool@0,maybe:optional<i64>@8,day:date@24,id:uuid@32,b:optional<bool>@48}#56:8");
        // random field lists: offsets aligned, in order, without overlap (as TeleportStructTest for §2)
        qt().forAll(lists().of(integers().between(0, 2 * TYPES.size() - 1)).ofSizeBetween(0, 30)).checkAssert(choices -> {
            TeleportStruct.Builder builder = TeleportStruct.builder("R");
            for (int i = 0; i < choices.size(); i++) {
                int c = choices.get(i);
                builder.field("f" + i, c < TYPES.size() ? TYPES.get(c) : optionalOf(TYPES.get(c - TYPES.size())));
            }
            int end = 0;
            for (TeleportStruct.Field field : builder.build().fields()) {
                int align = field.type().align();
                assertThat(field.offset() % align).isZero();
                assertThat(field.offset()).isBetween(end, end + align - 1);
                end = field.offset() + field.type().size();
            }
        });
    }

    @Test
    void slicesHoldTheFiveSection6TypesThatMayBeSliced() {
        for (TeleportFieldType element : List.of(BYTES, TIMESTAMP, DATE, UUID, DECIMAL)) {
            assertType(sliceOf(element), "slice<" + element.canonical() + ">", 8, 4);
            assertThat(sliceOf(element).element()).isEqualTo(element);
        }
    }

    @Test
    void optionalOfAnOptionalAndSlicesOfOptionalsAreRefused() {
        assertThatThrownBy(() -> optionalOf(optionalOf(I32))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value : optional<i32> (expected: not an optional; Teleport/1.1 §6 does not allow"
                        + " optional<optional<T>>)");
        assertThatThrownBy(() -> sliceOf(optionalOf(UUID))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element : optional<uuid> (expected: not an optional; Teleport/1.1 §6 does not allow"
                        + " a slice of optionals)");
        // an optional slice is allowed, a slice of them is not
        assertThatThrownBy(() -> sliceOf(optionalOf(sliceOf(I8))))
                .hasMessageStartingWith("element : optional<slice<i8>> (expected: not an optional");
        assertThatThrownBy(() -> optionalOf(null)).isInstanceOf(NullPointerException.class);
    }

    private static void assertType(TeleportFieldType type, String canonical, int size, int align) {
        assertThat(type.canonical()).isEqualTo(canonical);
        assertThat(type.size()).as("size of %s", canonical).isEqualTo(size);
        assertThat(type.align()).as("align of %s", canonical).isEqualTo(align);
    }
}
