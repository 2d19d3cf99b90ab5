package dev.dx.teleport.processor;

import com.palantir.javapoet.ClassName;

/** Runtime types the generated code refers to. */
final class Types {

    static final ClassName BYTE_BUF = ClassName.get("io.netty.buffer", "ByteBuf");
    static final ClassName BYTE_BUF_ALLOCATOR = ClassName.get("io.netty.buffer", "ByteBufAllocator");
    static final ClassName WRITER = ClassName.get("dev.dx.teleport", "TeleportWriter");
    static final ClassName MESSAGE = ClassName.get("dev.dx.teleport", "TeleportMessage");
    static final ClassName LAYOUT = ClassName.get("dev.dx.teleport", "TeleportLayout");
    static final ClassName TYPE = ClassName.get("dev.dx.teleport", "TeleportType");
    static final ClassName FLYWEIGHT = ClassName.get("dev.dx.teleport", "TeleportMessageFlyweight");
    static final ClassName RUNTIME = ClassName.get("dev.dx.teleport.runtime", "TeleportRuntime");
    static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
    static final ClassName LIST = ClassName.get("java.util", "List");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private Types() {
    }

    /** The generated View class of a struct. */
    static ClassName view(StructModel struct) {
        return struct.generatedType.nestedClass("View");
    }
}
