package dev.dx.teleport.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.dx.teleport.TeleportFieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The Teleport type of one field or slice element, with what the writers need to emit code. */
final class FieldType {

    enum Kind { SCALAR, STRING, ENUM, STRUCT, SLICE, BYTES, TIMESTAMP, DATE, UUID, DECIMAL, OPTIONAL }

    /** How an optional is held in Java (§6). */
    enum OptionalForm {
        /** {@code Optional<T>}: never null, empty when absent. */
        OPTIONAL("Optional", "get"),
        /** {@code OptionalInt}. */
        OPTIONAL_INT("OptionalInt", "getAsInt"),
        /** {@code OptionalLong}. */
        OPTIONAL_LONG("OptionalLong", "getAsLong"),
        /** {@code OptionalDouble}. */
        OPTIONAL_DOUBLE("OptionalDouble", "getAsDouble"),
        /** A boxed primitive such as {@code Integer}: null when absent. */
        BOXED(null, null);

        /** The simple name of the java.util class, or null for a box. */
        final String className;
        /** The method that gets a present value. */
        final String getter;

        OptionalForm(String className, String getter) {
            this.className = className;
            this.getter = getter;
        }
    }

    /** How a slice is held in Java. */
    enum Container { ARRAY, LIST }

    final Kind kind;
    /** The type as the runtime lays it out; size, align and canonical are its. */
    final TeleportFieldType teleport;
    final int size;
    final int align;
    final String canonical;
    /** The Java type of the record component (or of the slice element). */
    final TypeName javaType;
    final Scalar scalar;
    final int enumCount;
    final StructModel struct;
    final FieldType element;
    final Container container;
    final OptionalForm optionalForm;

    private FieldType(Kind kind, TeleportFieldType teleport, TypeName javaType,
            Scalar scalar, int enumCount, StructModel struct, FieldType element, Container container) {
        this(kind, teleport, javaType, scalar, enumCount, struct, element, container, null);
    }

    private FieldType(Kind kind, TeleportFieldType teleport, TypeName javaType,
            Scalar scalar, int enumCount, StructModel struct, FieldType element, Container container,
            OptionalForm optionalForm) {
        this.kind = kind;
        this.teleport = teleport;
        this.size = teleport.size();
        this.align = teleport.align();
        this.canonical = teleport.canonical();
        this.javaType = javaType;
        this.scalar = scalar;
        this.enumCount = enumCount;
        this.struct = struct;
        this.element = element;
        this.container = container;
        this.optionalForm = optionalForm;
    }

    /** One of the fixed-size Teleport/1.1 types of §6 (all but optional). */
    static FieldType section6(Kind kind) {
        switch (kind) {
            case BYTES:
                return new FieldType(kind, TeleportFieldType.BYTES, ArrayTypeName.of(TypeName.BYTE),
                        null, 0, null, null, null);
            case TIMESTAMP:
                return new FieldType(kind, TeleportFieldType.TIMESTAMP, ClassName.get(Instant.class),
                        null, 0, null, null, null);
            case DATE:
                return new FieldType(kind, TeleportFieldType.DATE, ClassName.get(LocalDate.class),
                        null, 0, null, null, null);
            case UUID:
                return new FieldType(kind, TeleportFieldType.UUID, ClassName.get(java.util.UUID.class),
                        null, 0, null, null, null);
            case DECIMAL:
                return new FieldType(kind, TeleportFieldType.DECIMAL, ClassName.get(BigDecimal.class),
                        null, 0, null, null, null);
            default:
                throw new AssertionError(kind);
        }
    }

    /** {@code optional<value>}, held in Java as {@code form} says, as {@code javaType}. */
    static FieldType optional(FieldType value, OptionalForm form, TypeName javaType) {
        return new FieldType(Kind.OPTIONAL, TeleportFieldType.optionalOf(value.teleport), javaType,
                null, 0, null, value, null, form);
    }

    /** Whether this is one of the types whose Java value is a reference that must not be null. */
    boolean isReference() {
        return kind != Kind.SCALAR || javaType.isBoxedPrimitive();
    }

    /** For an optional: the offset of its value from the presence byte, align(T). */
    int valueOffset() {
        return teleport.valueOffset();
    }

    static FieldType scalar(Scalar scalar, TypeName javaType) {
        return new FieldType(Kind.SCALAR, scalar.teleport, javaType, scalar, 0, null, null, null);
    }

    static FieldType string() {
        return new FieldType(Kind.STRING, TeleportFieldType.STRING, ClassName.get(String.class),
                null, 0, null, null, null);
    }

    static FieldType enumType(ClassName javaType, int count) {
        return new FieldType(Kind.ENUM, TeleportFieldType.enumOf(javaType.simpleName(), count), javaType,
                null, count, null, null, null);
    }

    static FieldType struct(StructModel struct) {
        return new FieldType(Kind.STRUCT, TeleportFieldType.structOf(struct.teleport),
                struct.recordType, null, 0, struct, null, null);
    }

    static FieldType slice(FieldType element, Container container, TypeName javaType) {
        return new FieldType(Kind.SLICE, TeleportFieldType.sliceOf(element.teleport), javaType,
                null, 0, null, element, container);
    }
}
