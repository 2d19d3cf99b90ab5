package dev.dx.teleport.processor;

import com.palantir.javapoet.TypeName;

/** The fixed-size Teleport types that map to a Java primitive (§2). */
enum Scalar {
    BOOL("bool", 1, TypeName.BOOLEAN, "putBoolean"),
    I8("i8", 1, TypeName.BYTE, "putByte"),
    I16("i16", 2, TypeName.SHORT, "putShort"),
    U16("u16", 2, TypeName.CHAR, "putChar"),
    I32("i32", 4, TypeName.INT, "putInt"),
    I64("i64", 8, TypeName.LONG, "putLong"),
    F32("f32", 4, TypeName.FLOAT, "putFloat"),
    F64("f64", 8, TypeName.DOUBLE, "putDouble");

    final String canonical;
    final int size;
    final TypeName javaType;
    final String writerMethod;

    Scalar(String canonical, int size, TypeName javaType, String writerMethod) {
        this.canonical = canonical;
        this.size = size;
        this.javaType = javaType;
        this.writerMethod = writerMethod;
    }
}
