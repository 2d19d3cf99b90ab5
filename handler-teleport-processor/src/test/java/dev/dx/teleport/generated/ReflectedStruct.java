package dev.dx.teleport.generated;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportStruct;
import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A {@link TeleportStruct} built at run time from a record's components by reflection, mapping
 * Java types to Teleport types as spec §2 does, independently of the annotation processor's own
 * mapping: what the tests compare the processor's output with.
 */
public final class ReflectedStruct {

    private static final Map<Class<?>, TeleportFieldType> SCALARS = Map.ofEntries(
            Map.entry(boolean.class, TeleportFieldType.BOOL), Map.entry(Boolean.class, TeleportFieldType.BOOL),
            Map.entry(byte.class, TeleportFieldType.I8), Map.entry(Byte.class, TeleportFieldType.I8),
            Map.entry(short.class, TeleportFieldType.I16), Map.entry(Short.class, TeleportFieldType.I16),
            Map.entry(char.class, TeleportFieldType.U16), Map.entry(Character.class, TeleportFieldType.U16),
            Map.entry(int.class, TeleportFieldType.I32), Map.entry(Integer.class, TeleportFieldType.I32),
            Map.entry(long.class, TeleportFieldType.I64), Map.entry(Long.class, TeleportFieldType.I64),
            Map.entry(float.class, TeleportFieldType.F32), Map.entry(Float.class, TeleportFieldType.F32),
            Map.entry(double.class, TeleportFieldType.F64), Map.entry(Double.class, TeleportFieldType.F64));

    private ReflectedStruct() {
    }

    /** The struct of {@code record}'s components, in declaration order. */
    public static TeleportStruct of(Class<?> record) {
        TeleportStruct.Builder builder = TeleportStruct.builder(record.getSimpleName());
        for (RecordComponent component : record.getRecordComponents()) {
            builder.field(component.getName(), fieldTypeOf(component.getGenericType()));
        }
        return builder.build();
    }

    /**
     * A record component's type: as {@link #typeOf}, except that a boxed primitive is an optional
     * whose null is absent, and the java.util optionals are optionals (§6).
     */
    private static TeleportFieldType fieldTypeOf(Type type) {
        if (type instanceof ParameterizedType && ((ParameterizedType) type).getRawType() == Optional.class) {
            // an Optional never holds null: a box inside it is the plain value
            return TeleportFieldType.optionalOf(typeOf(((ParameterizedType) type).getActualTypeArguments()[0]));
        }
        if (type == OptionalInt.class) {
            return TeleportFieldType.optionalOf(TeleportFieldType.I32);
        }
        if (type == OptionalLong.class) {
            return TeleportFieldType.optionalOf(TeleportFieldType.I64);
        }
        if (type == OptionalDouble.class) {
            return TeleportFieldType.optionalOf(TeleportFieldType.F64);
        }
        if (type instanceof Class && !((Class<?>) type).isPrimitive() && SCALARS.containsKey(type)) {
            return TeleportFieldType.optionalOf(SCALARS.get(type));
        }
        return typeOf(type);
    }

    /** A value's type; a box in a List is its primitive (slice elements are never null). */
    private static TeleportFieldType typeOf(Type type) {
        if (type == byte[].class) {
            return TeleportFieldType.BYTES;
        }
        if (type == Instant.class) {
            return TeleportFieldType.TIMESTAMP;
        }
        if (type == LocalDate.class) {
            return TeleportFieldType.DATE;
        }
        if (type == UUID.class) {
            return TeleportFieldType.UUID;
        }
        if (type == BigDecimal.class) {
            return TeleportFieldType.DECIMAL;
        }
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
            return TeleportFieldType.structOf(of(raw));
        }
        throw new AssertionError("no Teleport type for " + type);
    }
}
