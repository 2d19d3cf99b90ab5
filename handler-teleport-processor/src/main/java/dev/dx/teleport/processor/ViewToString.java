package dev.dx.teleport.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.HexFormat;
import javax.lang.model.element.Modifier;

/**
 * Emits a generated view's {@code toString()}: {@code Name{field=value, ...}} in the form
 * {@code TeleportStructView} prints, except that enums print their constant's name. Strings are
 * quoted, slices in brackets, nested structs in braces, {@code bytes} as {@code 0x} and hex,
 * decimals as their plain text, timestamps, dates and uuids as their text, a {@code u16} as its
 * number and an absent optional as {@code null}. A message that fails a check prints what was read
 * before it and then the failure, instead of throwing.
 */
final class ViewToString {

    private ViewToString() {
    }

    static MethodSpec method(StructModel struct) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("toString")
                .addJavadoc("The fields as read from the message, for logs and debugging; allocates.\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("$T out = new $T($S)", StringBuilder.class, StringBuilder.class,
                        struct.recordType.simpleName() + "{")
                .beginControlFlow("try");
        for (int i = 0; i < struct.fields.size(); i++) {
            FieldModel field = struct.fields.get(i);
            method.addStatement("out.append($S)", (i == 0 ? "" : ", ") + field.name + "=");
            field(method, field);
        }
        return method.addStatement("out.append('}')")
                .nextControlFlow("catch ($T e)", RuntimeException.class)
                .addStatement("out.append($S).append(e.getMessage()).append(')')", " (unreadable: ")
                .endControlFlow()
                .addStatement("return out.toString()")
                .build();
    }

    private static void field(MethodSpec.Builder method, FieldModel field) {
        FieldType type = field.type;
        String at = "offset + " + field.offsetConstant();
        switch (type.kind) {
            case OPTIONAL:
                method.beginControlFlow("if ($N())", Names.presence(field.name));
                if (type.element.kind == FieldType.Kind.STRUCT) {
                    method.addStatement("out.append($N())", field.name);
                } else {
                    method.addStatement(append(field, type.element,
                            CodeBlock.of("$L + $L", at, type.valueOffset())));
                }
                method.nextControlFlow("else")
                        .addStatement("out.append($S)", "null")
                        .endControlFlow();
                break;
            case SLICE:
                method.addStatement("out.append('[')")
                        .beginControlFlow("for (int i = 0, n = $NCount(); i < n; i++)", field.name)
                        .beginControlFlow("if (i != 0)")
                        .addStatement("out.append($S)", ", ")
                        .endControlFlow();
                if (type.element.kind == FieldType.Kind.STRUCT) {
                    method.addStatement("out.append($N(i))", field.name);
                } else {
                    method.addStatement("out.append($L)", value(type.element, CodeBlock.of("$N(i)", field.name)));
                }
                method.endControlFlow().addStatement("out.append(']')");
                break;
            case STRUCT:
                method.addStatement("out.append($N())", field.name);
                break;
            default:
                method.addStatement(append(field, type, CodeBlock.of(at)));
                break;
        }
    }

    /** Appends the value of {@code type} (not a slice, struct or optional) at {@code index}. */
    private static CodeBlock append(FieldModel field, FieldType type, CodeBlock index) {
        return CodeBlock.of("out.append($L)", value(type, ViewWriter.readValue(field, type, index)));
    }

    /** {@code read}, a value of {@code type}, as what is appended for it. */
    private static CodeBlock value(FieldType type, CodeBlock read) {
        switch (type.kind) {
            case STRING:
                return CodeBlock.of("'\"').append($L).append('\"'", read);
            case BYTES:
                return CodeBlock.of("\"0x\").append($T.of().formatHex($L)", HexFormat.class, read);
            case DECIMAL:
                return CodeBlock.of("$L.toPlainString()", read);
            case SCALAR:
                return type.scalar == Scalar.U16 ? CodeBlock.of("(int) $L", read) : read;
            default:
                return read;
        }
    }
}
