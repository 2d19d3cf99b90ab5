package dev.dx.teleport.generated;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
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

/**
 * Writes any record with {@link TeleportWriter}'s typed puts at the offsets of its
 * {@link ReflectedStruct}, walking it depth-first in field order as §3 says: an encoder that
 * shares no code with the processor, for comparing the generated {@code write} with.
 */
final class ReflectedWriter {

    private ReflectedWriter() {
    }

    /** {@code record} as a whole message; the caller owns the buffer. */
    static ByteBuf encode(TeleportWriter writer, Record record) {
        TeleportStruct struct = ReflectedStruct.of(record.getClass());
        int at = writer.begin(struct.layout());
        writeStruct(writer, struct, at, record);
        return writer.finish();
    }

    private static void writeStruct(TeleportWriter w, TeleportStruct struct, int at, Object record) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            TeleportStruct.Field field = struct.fields().get(i);
            writeValue(w, field.type(), at + field.offset(), get(components[i], record));
        }
    }

    private static void writeValue(TeleportWriter w, TeleportFieldType type, int at, Object value) {
        switch (type.kind()) {
            case OPTIONAL -> {
                Object present = unwrap(value);
                if (present == null) {
                    w.putAbsent(at, type);
                } else {
                    writeValue(w, type.element(), w.putPresent(at, type), present);
                }
            }
            case SLICE -> {
                List<?> elements = value instanceof List<?> list ? list : arrayList(value);
                TeleportFieldType element = type.element();
                int base = w.putSlice(at, elements.size(), element.size(), element.align());
                for (int i = 0; i < elements.size(); i++) {
                    writeValue(w, element, base + i * element.size(), elements.get(i));
                }
            }
            case STRUCT -> writeStruct(w, type.struct(), at, value);
            case STRING -> w.putString(at, (String) value);
            case BYTES -> w.putBytes(at, (byte[]) value);
            case DECIMAL -> w.putDecimal(at, (BigDecimal) value);
            case TIMESTAMP -> w.putTimestamp(at, (Instant) value);
            case DATE -> w.putDate(at, (LocalDate) value);
            case UUID -> w.putUuid(at, (UUID) value);
            case ENUM -> {
                int ordinal = ((Enum<?>) value).ordinal();
                if (type.size() == 1) {
                    w.putByte(at, (byte) ordinal);
                } else {
                    w.putChar(at, (char) ordinal);
                }
            }
            case SCALAR -> writeScalar(w, at, value);
            default -> throw new AssertionError(type);
        }
    }

    private static void writeScalar(TeleportWriter w, int at, Object value) {
        if (value instanceof Boolean b) {
            w.putBoolean(at, b);
        } else if (value instanceof Byte b) {
            w.putByte(at, b);
        } else if (value instanceof Short s) {
            w.putShort(at, s);
        } else if (value instanceof Character c) {
            w.putChar(at, c);
        } else if (value instanceof Integer i) {
            w.putInt(at, i);
        } else if (value instanceof Long l) {
            w.putLong(at, l);
        } else if (value instanceof Float f) {
            w.putFloat(at, f);
        } else {
            w.putDouble(at, (Double) value);
        }
    }

    /** An optional's value, or null when absent, whichever Java form holds it. */
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
        return value; // a boxed primitive
    }

    private static List<?> arrayList(Object array) {
        Object[] boxed = new Object[Array.getLength(array)];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = Array.get(array, i);
        }
        return java.util.Arrays.asList(boxed);
    }

    private static Object get(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
