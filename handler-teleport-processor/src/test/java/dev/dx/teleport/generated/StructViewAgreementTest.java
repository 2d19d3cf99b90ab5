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
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * A {@link TeleportStructView} over a struct built at run time ({@link ReflectedStruct}) reads
 * every field of a message the generated code wrote as the record held it: random values of every
 * sample type, compared component by component, nested structs and slice elements included; and
 * the generated view's {@code toString()} prints what the runtime view's does.
 */
class StructViewAgreementTest {

    private static final int EXAMPLES = 200;

    static Stream<Arguments> samples() {
        return Stream.of(
                arguments(dev.dx.teleport.sample.User_Teleport.TYPE, Generators.USERS, true),
                arguments(dev.dx.teleport.sample.Primitives_Teleport.TYPE, Generators.PRIMITIVES, true),
                arguments(dev.dx.teleport.sample.Enums_Teleport.TYPE, Generators.ENUMS, false),
                arguments(dev.dx.teleport.sample.Strings_Teleport.TYPE, Generators.STRING_RECORDS, true),
                arguments(dev.dx.teleport.sample.Person_Teleport.TYPE, Generators.PEOPLE, true),
                arguments(dev.dx.teleport.sample.Slices_Teleport.TYPE, Generators.SLICES, true),
                arguments(dev.dx.teleport.sample.Car_Teleport.TYPE, Generators.CARS, false),
                arguments(dev.dx.teleport.sample.Everything_Teleport.TYPE, Generators.EVERYTHING, true),
                arguments(dev.dx.teleport.sample.Optionals_Teleport.TYPE, Generators.OPTIONALS, false));
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void readsEveryFieldTheGeneratedCodeWrote(TeleportType<T> type, Gen<T> values, boolean noEnums)
            throws ReflectiveOperationException {
        TeleportStruct struct = ReflectedStruct.of(type.javaType());
        assertThat(struct.layout()).isEqualTo(type.layout());
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        TeleportStructView view = new TeleportStructView(struct);
        java.lang.reflect.Method generatedView = Class.forName(type.javaType().getName() + "_Teleport")
                .getMethod("view", TeleportMessage.class);
        qt().withExamples(EXAMPLES).forAll(values).checkAssert(value -> {
            type.write(writer, value);
            TeleportMessage message = TeleportMessage.wrap(writer.finish(), type.layout());
            try {
                assertReads(view.wrap(message), value);
                if (noEnums) {
                    // the generated view's toString prints as TeleportStructView's does, except that
                    // it names enum constants where the runtime view, which has no enum class, prints ordinals
                    assertThat(invoke(generatedView, message)).hasToString(view.toString());
                }
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
            if (isOptional(type)) {
                value = unwrap(value);
                assertThat(view.isPresent(name)).as(name).isEqualTo(value != null);
                if (value != null) {
                    assertValue(view, name, value);
                }
            } else if (type == byte[].class) {
                assertThat(view.bytes(name)).as(name).isEqualTo(value);
            } else if (type.isArray()) {
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
            } else {
                assertValue(view, name, value);
            }
        }
    }

    /** §6 optionals: a boxed primitive, or one of java.util's optionals. */
    private static boolean isOptional(Class<?> type) {
        return type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                || type == OptionalDouble.class || !type.isPrimitive() && (Number.class.isAssignableFrom(type)
                        && type.getPackageName().equals("java.lang") || type == Boolean.class || type == Character.class);
    }

    private static Object unwrap(Object value) {
        if (value instanceof Optional<?> o) {
            return o.orElse(null);
        }
        if (value instanceof OptionalInt o) {
            return o.isPresent() ? o.getAsInt() : null;
        }
        if (value instanceof OptionalLong o) {
            return o.isPresent() ? o.getAsLong() : null;
        }
        if (value instanceof OptionalDouble o) {
            return o.isPresent() ? o.getAsDouble() : null;
        }
        return value;
    }

    /** A single value (a field's, or a present optional's) as {@code view} reads it. */
    private static void assertValue(TeleportStructView view, String name, Object value) {
        {
            if (value instanceof byte[] bytes) {
                assertThat(view.bytes(name)).as(name).isEqualTo(bytes);
            } else if (value instanceof Instant instant) {
                assertThat(view.timestamp(name)).as(name).isEqualTo(instant);
            } else if (value instanceof LocalDate date) {
                assertThat(view.date(name)).as(name).isEqualTo(date);
            } else if (value instanceof UUID uuid) {
                assertThat(view.uuid(name)).as(name).isEqualTo(uuid);
            } else if (value instanceof BigDecimal decimal) {
                assertThat(view.decimal(name)).as(name).isEqualTo(decimal);
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
        if (element instanceof byte[] bytes) {
            assertThat(view.bytes(name, index)).as(what).isEqualTo(bytes);
        } else if (element instanceof Instant instant) {
            assertThat(view.timestamp(name, index)).as(what).isEqualTo(instant);
        } else if (element instanceof LocalDate date) {
            assertThat(view.date(name, index)).as(what).isEqualTo(date);
        } else if (element instanceof UUID uuid) {
            assertThat(view.uuid(name, index)).as(what).isEqualTo(uuid);
        } else if (element instanceof BigDecimal decimal) {
            assertThat(view.decimal(name, index)).as(what).isEqualTo(decimal);
        } else if (element instanceof Record) {
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

    private static Object invoke(java.lang.reflect.Method method, Object argument) {
        try {
            return method.invoke(null, argument);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object get(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
