package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.quicktheories.QuickTheory.qt;

import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportStructView;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * A {@link TeleportStructView} over a struct built at run time ({@link ReflectedStruct}) reads
 * every field of a message the generated code wrote as the record held it: random values of every
 * sample type, compared component by component, nested structs and slice elements included.
 */
class StructViewAgreementTest {

    private static final int EXAMPLES = 200;

    static Stream<Arguments> samples() {
        return Stream.of(
                arguments(dev.dx.teleport.sample.User_Teleport.TYPE, Generators.USERS),
                arguments(dev.dx.teleport.sample.Primitives_Teleport.TYPE, Generators.PRIMITIVES),
                arguments(dev.dx.teleport.sample.Enums_Teleport.TYPE, Generators.ENUMS),
                arguments(dev.dx.teleport.sample.Strings_Teleport.TYPE, Generators.STRING_RECORDS),
                arguments(dev.dx.teleport.sample.Person_Teleport.TYPE, Generators.PEOPLE),
                arguments(dev.dx.teleport.sample.Slices_Teleport.TYPE, Generators.SLICES),
                arguments(dev.dx.teleport.sample.Car_Teleport.TYPE, Generators.CARS));
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void readsEveryFieldTheGeneratedCodeWrote(TeleportType<T> type, Gen<T> values) {
        TeleportStruct struct = ReflectedStruct.of(type.javaType());
        assertThat(struct.layout()).isEqualTo(type.layout());
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        TeleportStructView view = new TeleportStructView(struct);
        qt().withExamples(EXAMPLES).forAll(values).checkAssert(value -> {
            type.write(writer, value);
            TeleportMessage message = TeleportMessage.wrap(writer.finish(), type.layout());
            try {
                assertReads(view.wrap(message), value);
            } finally {
                message.release();
            }
        });
    }

    @Test
    void printsTheSpecExample() {
        ByteBuf buf = dev.dx.teleport.sample.User_Teleport.encode(PooledByteBufAllocator.DEFAULT, Samples.USER);
        TeleportMessage message = TeleportMessage.wrap(buf, dev.dx.teleport.sample.User_Teleport.LAYOUT);
        try {
            assertThat(new TeleportStructView(ReflectedStruct.of(dev.dx.teleport.sample.User.class)).wrap(message))
                    .hasToString("User{id=42, name=\"Ada\", age=36, active=true}");
        } finally {
            message.release();
        }
    }

    /** Every component of {@code record} as {@code view} reads it. */
    private static void assertReads(TeleportStructView view, Object record) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String name = component.getName();
            Object value = get(component, record);
            Class<?> type = component.getType();
            if (type.isArray()) {
                assertThat(view.count(name)).as(name).isEqualTo(Array.getLength(value));
                for (int i = 0; i < Array.getLength(value); i++) {
                    assertElement(view, name, i, Array.get(value, i));
                }
            } else if (type == List.class) {
                List<?> list = (List<?>) value;
                assertThat(view.count(name)).as(name).isEqualTo(list.size());
                for (int i = 0; i < list.size(); i++) {
                    assertElement(view, name, i, list.get(i));
                }
            } else if (value instanceof String) {
                assertThat(view.string(name)).as(name).isEqualTo(value);
                assertThat(view.stringEquals(name, (String) value)).as(name).isTrue();
            } else if (value instanceof Enum) {
                assertThat(view.ordinal(name)).as(name).isEqualTo(((Enum<?>) value).ordinal());
            } else if (value instanceof Record) {
                assertReads(view.struct(name), value);
            } else if (value instanceof Boolean) {
                assertThat(view.bool(name)).as(name).isEqualTo(value);
            } else if (value instanceof Float || value instanceof Double) {
                assertThat(Double.compare(view.real(name), ((Number) value).doubleValue())).as(name).isZero();
            } else {
                assertThat(view.integer(name)).as(name).isEqualTo(integer(value));
            }
        }
    }

    private static void assertElement(TeleportStructView view, String name, int index, Object element) {
        String what = name + "[" + index + "]";
        if (element instanceof Record) {
            assertReads(view.element(name, index), element);
        } else if (element instanceof Boolean) {
            assertThat(view.bool(name, index)).as(what).isEqualTo(element);
        } else if (element instanceof Float || element instanceof Double) {
            assertThat(Double.compare(view.real(name, index), ((Number) element).doubleValue())).as(what).isZero();
        } else {
            assertThat(view.integer(name, index)).as(what).isEqualTo(integer(element));
        }
    }

    private static long integer(Object value) {
        return value instanceof Character ? (Character) value : ((Number) value).longValue();
    }

    private static Object get(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
