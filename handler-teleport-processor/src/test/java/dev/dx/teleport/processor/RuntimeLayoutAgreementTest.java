package dev.dx.teleport.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.sample.Car;
import dev.dx.teleport.sample.Counts;
import dev.dx.teleport.sample.Empty;
import dev.dx.teleport.sample.Enums;
import dev.dx.teleport.sample.Outer;
import dev.dx.teleport.sample.Person;
import dev.dx.teleport.sample.Primitives;
import dev.dx.teleport.sample.Slices;
import dev.dx.teleport.sample.Strings;
import dev.dx.teleport.sample.User;
import dev.dx.teleport.sample.Wheel;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the processor emits agrees with a struct built at run time: for every sample record, a
 * {@link TeleportStruct} built from the record's components by reflection (Java types mapped to
 * Teleport types as spec §2 maps them, independently of the processor's own mapping) has the
 * generated class's canonical string, size, alignment, fingerprint and {@code *_OFFSET} constants.
 */
class RuntimeLayoutAgreementTest {

    private static final Map<Class<?>, TeleportFieldType> SCALARS = Map.ofEntries(
            Map.entry(boolean.class, TeleportFieldType.BOOL), Map.entry(Boolean.class, TeleportFieldType.BOOL),
            Map.entry(byte.class, TeleportFieldType.I8), Map.entry(Byte.class, TeleportFieldType.I8),
            Map.entry(short.class, TeleportFieldType.I16), Map.entry(Short.class, TeleportFieldType.I16),
            Map.entry(char.class, TeleportFieldType.U16), Map.entry(Character.class, TeleportFieldType.U16),
            Map.entry(int.class, TeleportFieldType.I32), Map.entry(Integer.class, TeleportFieldType.I32),
            Map.entry(long.class, TeleportFieldType.I64), Map.entry(Long.class, TeleportFieldType.I64),
            Map.entry(float.class, TeleportFieldType.F32), Map.entry(Float.class, TeleportFieldType.F32),
            Map.entry(double.class, TeleportFieldType.F64), Map.entry(Double.class, TeleportFieldType.F64));

    @ParameterizedTest
    @ValueSource(classes = {User.class, Primitives.class, Strings.class, Enums.class, Person.class,
        Wheel.class, Car.class, Slices.class, Counts.class, Empty.class, Outer.Inner.class})
    void aStructBuiltAtRunTimeMatchesTheGeneratedConstants(Class<?> record) throws ReflectiveOperationException {
        TeleportStruct struct = structOf(record);
        Class<?> generated = Class.forName(record.getPackageName() + "."
                + record.getName().substring(record.getPackageName().length() + 1).replace('$', '_')
                + "_Teleport");
        TeleportLayout layout = (TeleportLayout) generated.getField("LAYOUT").get(null);

        assertThat(struct.layout().canonical()).isEqualTo(generated.getField("CANONICAL").get(null));
        assertThat(struct.layout().size()).isEqualTo(generated.getField("SIZE").getInt(null));
        assertThat(struct.layout().align()).isEqualTo(generated.getField("ALIGN").getInt(null));
        assertThat(struct.layout().fingerprint()).isEqualTo(generated.getField("FINGERPRINT").getLong(null));
        assertThat(struct.layout()).isEqualTo(layout);
        for (TeleportStruct.Field field : struct.fields()) {
            String constant = Names.constantPrefix(field.name()) + "_OFFSET";
            assertThat(field.offset()).as(constant).isEqualTo(generated.getField(constant).getInt(null));
        }
    }

    private static TeleportStruct structOf(Class<?> record) {
        TeleportStruct.Builder builder = TeleportStruct.builder(record.getSimpleName());
        for (RecordComponent component : record.getRecordComponents()) {
            builder.field(component.getName(), typeOf(component.getGenericType()));
        }
        return builder.build();
    }

    private static TeleportFieldType typeOf(Type type) {
        if (type instanceof ParameterizedType && ((ParameterizedType) type).getRawType() == List.class) {
            return TeleportFieldType.sliceOf(typeOf(((ParameterizedType) type).getActualTypeArguments()[0]));
        }
        Class<?> raw = (Class<?>) type;
        if (SCALARS.containsKey(raw)) {
            return SCALARS.get(raw);
        }
        if (raw == String.class) {
            return TeleportFieldType.STRING;
        }
        if (raw.isEnum()) {
            return TeleportFieldType.enumOf(raw.getSimpleName(), raw.getEnumConstants().length);
        }
        if (raw.isArray()) {
            return TeleportFieldType.sliceOf(typeOf(raw.getComponentType()));
        }
        if (raw.isRecord()) {
            return TeleportFieldType.structOf(structOf(raw));
        }
        throw new AssertionError("no Teleport type for " + type);
    }
}
