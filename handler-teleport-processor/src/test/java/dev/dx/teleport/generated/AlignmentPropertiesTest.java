package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.sample.Car_Teleport;
import dev.dx.teleport.sample.Counts_Teleport;
import dev.dx.teleport.sample.Empty_Teleport;
import dev.dx.teleport.sample.Enums_Teleport;
import dev.dx.teleport.sample.Outer_Inner_Teleport;
import dev.dx.teleport.sample.Person_Teleport;
import dev.dx.teleport.sample.Primitives_Teleport;
import dev.dx.teleport.sample.Slices_Teleport;
import dev.dx.teleport.sample.Strings_Teleport;
import dev.dx.teleport.sample.User_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * §3 layout rules, checked on random messages by walking them with a layout parsed from the
 * canonical string: every field starts at the next multiple of its alignment, structs are sized
 * and aligned as §3 says, padding is zero, every slice element sits at a multiple of its
 * alignment inside the data section, and D is a multiple of 8.
 */
class AlignmentPropertiesTest {

    @Test
    void generatedConstantsMatchTheCanonicalLayout() throws ReflectiveOperationException {
        for (Class<?> generated : List.of(User_Teleport.class, Primitives_Teleport.class,
                Enums_Teleport.class, Strings_Teleport.class, Person_Teleport.class,
                Slices_Teleport.class, Car_Teleport.class, Empty_Teleport.class,
                Outer_Inner_Teleport.class, Counts_Teleport.class)) {
            CanonicalLayout.Struct struct =
                    CanonicalLayout.parse((String) generated.getField("CANONICAL").get(null));
            assertThat(generated.getField("SIZE").getInt(null)).isEqualTo(struct.size);
            assertThat(generated.getField("ALIGN").getInt(null)).isEqualTo(struct.align);
            checkRules(struct);
            for (CanonicalLayout.Field field : struct.fields) {
                String constant = field.name.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .toUpperCase(Locale.ROOT) + "_OFFSET";
                assertThat(generated.getField(constant).getInt(null)).as(constant)
                        .isEqualTo(field.offset);
            }
        }
    }

    @Test
    void everyFieldAndSliceElementIsAligned() {
        walkAll(Car_Teleport.TYPE, Car_Teleport.CANONICAL, Generators.CARS);
        walkAll(Slices_Teleport.TYPE, Slices_Teleport.CANONICAL, Generators.SLICES);
        walkAll(Person_Teleport.TYPE, Person_Teleport.CANONICAL, Generators.PEOPLE);
        walkAll(Primitives_Teleport.TYPE, Primitives_Teleport.CANONICAL, Generators.PRIMITIVES);
    }

    private static <T> void walkAll(TeleportType<T> type, String canonical, Gen<T> values) {
        CanonicalLayout.Struct root = CanonicalLayout.parse(canonical);
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        qt().withExamples(200).forAll(values).checkAssert(value -> {
            byte[] bytes = RoundTripPropertiesTest.encode(writer, type, value);
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            TeleportMessage message = TeleportMessage.wrap(buf, type.layout());
            try {
                int dataLength = message.dataLength();
                assertThat(dataLength % 8).isZero();
                // the root struct, then any slice blocks: all of D is accounted for
                int end = walk(buf, root, 0, dataLength);
                assertThat(end).isLessThanOrEqualTo(dataLength);
            } finally {
                message.release();
            }
        });
    }

    /**
     * Checks the struct at data offset {@code at} and everything it references; returns the end
     * of the last slice block reached from it.
     */
    private static int walk(ByteBuf buf, CanonicalLayout.Struct struct, int at, int dataLength) {
        assertThat(at % struct.align).as("%s at %d", struct.name, at).isZero();
        int end = at + struct.size;
        int expectedOffset = 0;
        for (CanonicalLayout.Field field : struct.fields) {
            int aligned = (expectedOffset + field.type.align - 1) & -field.type.align;
            assertThat(field.offset).as("%s.%s offset", struct.name, field.name).isEqualTo(aligned);
            for (int pad = expectedOffset; pad < aligned; pad++) {
                assertThat(buf.getByte(24 + at + pad)).as("padding").isZero();
            }
            int fieldAt = at + field.offset;
            assertThat(fieldAt % field.type.align).isZero();
            if (field.type instanceof CanonicalLayout.Struct) {
                end = Math.max(end, walk(buf, (CanonicalLayout.Struct) field.type, fieldAt, dataLength));
            } else if (field.type instanceof CanonicalLayout.Slice) {
                CanonicalLayout.Type element = ((CanonicalLayout.Slice) field.type).element;
                int offset = buf.getIntLE(24 + fieldAt);
                int count = buf.getIntLE(24 + fieldAt + 4);
                if (count == 0) {
                    assertThat(offset).as("empty slice is (0, 0)").isZero();
                } else {
                    assertThat(offset % element.align).as("%s.%s element alignment", struct.name,
                            field.name).isZero();
                    assertThat(offset).as("slices after the root").isGreaterThanOrEqualTo(at + struct.size);
                    assertThat(offset + count * element.size).isLessThanOrEqualTo(dataLength);
                    end = Math.max(end, offset + count * element.size);
                    for (int i = 0; i < count; i++) {
                        int elementAt = offset + i * element.size;
                        assertThat(elementAt % element.align).isZero();
                        if (element instanceof CanonicalLayout.Struct) {
                            end = Math.max(end, walk(buf, (CanonicalLayout.Struct) element,
                                    elementAt, dataLength));
                        }
                    }
                }
            }
            expectedOffset = field.offset + field.type.size;
        }
        int size = (expectedOffset + struct.align - 1) & -struct.align;
        assertThat(struct.size).isEqualTo(size);
        for (int pad = expectedOffset; pad < size; pad++) {
            assertThat(buf.getByte(24 + at + pad)).as("tail padding").isZero();
        }
        return end;
    }

    private static void checkRules(CanonicalLayout.Struct struct) {
        int align = 1;
        int offset = 0;
        for (CanonicalLayout.Field field : struct.fields) {
            align = Math.max(align, field.type.align);
            assertThat(field.offset % field.type.align).isZero();
            assertThat(field.offset).isGreaterThanOrEqualTo(offset);
            offset = field.offset + field.type.size;
        }
        assertThat(struct.align).isEqualTo(align);
        assertThat(struct.size % struct.align).isZero();
    }
}
