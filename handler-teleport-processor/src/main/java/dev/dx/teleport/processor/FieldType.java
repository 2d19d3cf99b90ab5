package dev.dx.teleport.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.dx.teleport.TeleportFieldType;

/** The Teleport type of one field or slice element, with what the writers need to emit code. */
final class FieldType {

    enum Kind { SCALAR, STRING, ENUM, STRUCT, SLICE }

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

    private FieldType(Kind kind, TeleportFieldType teleport, TypeName javaType,
            Scalar scalar, int enumCount, StructModel struct, FieldType element, Container container) {
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
