package dev.dx.teleport.processor;

import com.palantir.javapoet.TypeName;
import dev.dx.teleport.TeleportFieldType;

/** The fixed-size Teleport types that map to a Java primitive (§2). */
enum Scalar {
    BOOL(TeleportFieldType.BOOL, TypeName.BOOLEAN, "putBoolean"),
    I8(TeleportFieldType.I8, TypeName.BYTE, "putByte"),
    I16(TeleportFieldType.I16, TypeName.SHORT, "putShort"),
    U16(TeleportFieldType.U16, TypeName.CHAR, "putChar"),
    I32(TeleportFieldType.I32, TypeName.INT, "putInt"),
    I64(TeleportFieldType.I64, TypeName.LONG, "putLong"),
    F32(TeleportFieldType.F32, TypeName.FLOAT, "putFloat"),
    F64(TeleportFieldType.F64, TypeName.DOUBLE, "putDouble");

    final TeleportFieldType teleport;
    final String canonical;
    final int size;
    final TypeName javaType;
    final String writerMethod;

    Scalar(TeleportFieldType teleport, TypeName javaType, String writerMethod) {
        this.teleport = teleport;
        this.canonical = teleport.canonical();
        this.size = teleport.size();
        this.javaType = javaType;
        this.writerMethod = writerMethod;
    }
}
