package dev.dx.teleport.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;

/** The Teleport type of one field or slice element, with what the writers need to emit code. */
final class FieldType {

    enum Kind { SCALAR, STRING, ENUM, STRUCT, SLICE }

    /** How a slice is held in Java. */
    enum Container { ARRAY, LIST }

    final Kind kind;
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

    private FieldType(Kind kind, int size, int align, String canonical, TypeName javaType,
            Scalar scalar, int enumCount, StructModel struct, FieldType element, Container container) {
        this.kind = kind;
        this.size = size;
        this.align = align;
        this.canonical = canonical;
        this.javaType = javaType;
        this.scalar = scalar;
        this.enumCount = enumCount;
        this.struct = struct;
        this.element = element;
        this.container = container;
    }

    static FieldType scalar(Scalar scalar, TypeName javaType) {
        return new FieldType(Kind.SCALAR, scalar.size, scalar.size, scalar.canonical, javaType,
                scalar, 0, null, null, null);
    }

    static FieldType string() {
        return new FieldType(Kind.STRING, 8, 4, "string", ClassName.get(String.class),
                null, 0, null, null, null);
    }

    static FieldType enumType(ClassName javaType, int count) {
        int size = count <= 256 ? 1 : 2;
        return new FieldType(Kind.ENUM, size, size,
                "enum<" + javaType.simpleName() + ">:" + (size == 1 ? "u8" : "u16"), javaType,
                null, count, null, null, null);
    }

    static FieldType struct(StructModel struct) {
        return new FieldType(Kind.STRUCT, struct.size, struct.align, struct.canonical,
                struct.recordType, null, 0, struct, null, null);
    }

    static FieldType slice(FieldType element, Container container, TypeName javaType) {
        return new FieldType(Kind.SLICE, 8, 4, "slice<" + element.canonical + ">", javaType,
                null, 0, null, element, container);
    }
}
