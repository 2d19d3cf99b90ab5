package dev.dx.teleport.processor;

import static dev.dx.teleport.processor.Types.BYTE_BUF;
import static dev.dx.teleport.processor.Types.FLYWEIGHT;
import static dev.dx.teleport.processor.Types.MESSAGE;
import static dev.dx.teleport.processor.Types.RUNTIME;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Emits the flyweight {@code View} nested in a generated {@code X_Teleport}. */
final class ViewWriter {

    private ViewWriter() {
    }

    static TypeSpec view(StructModel struct) {
        ClassName self = Types.view(struct);
        TypeSpec.Builder view = TypeSpec.classBuilder("View")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(javadoc(struct))
                .addField(FieldSpec.builder(FLYWEIGHT, "message", Modifier.PRIVATE)
                        .addJavadoc("The message this view reads through.\n").build())
                .addField(FieldSpec.builder(TypeName.INT, "offset", Modifier.PRIVATE)
                        .addJavadoc("Absolute index of the struct in the message.\n").build())
                .addField(FieldSpec.builder(FLYWEIGHT, "own", Modifier.PRIVATE)
                        .addJavadoc("The flyweight {@link #wrap($T)} wraps messages in, made on first"
                                + " use.\n", MESSAGE).build());
        for (FieldModel field : struct.fields) {
            FieldType type = field.type;
            if (type.kind == FieldType.Kind.OPTIONAL && type.element.kind == FieldType.Kind.STRUCT) {
                ClassName nested = Types.view(type.element.struct);
                view.addField(FieldSpec.builder(nested, field.name + "View", Modifier.PRIVATE,
                        Modifier.FINAL).initializer("new $T()", nested).build());
            } else if (type.kind == FieldType.Kind.STRUCT) {
                ClassName nested = Types.view(type.struct);
                view.addField(FieldSpec.builder(nested, field.name + "View", Modifier.PRIVATE,
                        Modifier.FINAL).initializer("new $T()", nested).build());
            } else if (type.kind == FieldType.Kind.SLICE) {
                if (type.element.kind == FieldType.Kind.STRUCT) {
                    ClassName nested = Types.view(type.element.struct);
                    view.addField(FieldSpec.builder(nested, field.name + "Element", Modifier.PRIVATE,
                            Modifier.FINAL).initializer("new $T()", nested).build());
                }
                view.addField(FieldSpec.builder(TypeName.LONG, refField(field), Modifier.PRIVATE)
                        .addJavadoc("The checked reference of {@code $L}, or -1 (never a valid"
                                + " reference) until it is first checked.\n", field.name)
                        .initializer("-1L").build());
            }
        }
        view.addMethod(MethodSpec.methodBuilder("wrap")
                .addJavadoc("Wraps the root struct of the message {@code message} has validated;"
                        + " allocates nothing.\nReturns {@code this}; nothing else is read or checked"
                        + " until an accessor is called.\n"
                        + "@throws dev.dx.teleport.TeleportFormatException if the message is another"
                        + " type\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(FLYWEIGHT, "message")
                .addStatement("message.expect(LAYOUT)")
                .addStatement("return wrap(message, $T.HEADER_SIZE)", RUNTIME)
                .build());
        view.addMethod(MethodSpec.methodBuilder("wrap")
                .addJavadoc("Wraps the struct at absolute index {@code offset} of the message"
                        + " {@code message} wraps.\nReturns {@code this}. Generated views wrap nested"
                        + " structs and slice elements with it.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(FLYWEIGHT, "message")
                .addParameter(TypeName.INT, "offset")
                .addCode("// a reference store only when it changes: each costs a GC barrier, and an"
                        + " element view\n// is re-wrapped for every element\n")
                .beginControlFlow("if (this.message != message)")
                .addStatement("this.message = message")
                .endControlFlow()
                .addStatement("this.offset = offset")
                .addCode(resetSliceRefs(struct))
                .addStatement("return this")
                .build());
        view.addMethod(MethodSpec.methodBuilder("wrap")
                .addJavadoc("Wraps the root struct of {@code message}, which must be a $L, through a"
                        + " flyweight this view\nkeeps. Reads after the message's last release throw"
                        + " {@link IndexOutOfBoundsException}.\n"
                        + "@throws dev.dx.teleport.TeleportFormatException if the message is another"
                        + " type\n", struct.recordType.simpleName())
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(MESSAGE, "message")
                .addStatement("message.expect(LAYOUT)")
                .addStatement("$T m = own", FLYWEIGHT)
                .beginControlFlow("if (m == null)")
                .addStatement("m = own = new $T()", FLYWEIGHT)
                .endControlFlow()
                .addStatement("return wrap(m.wrap(message), $T.HEADER_SIZE)", RUNTIME)
                .build());
        for (FieldModel field : struct.fields) {
            accessors(view, field);
        }
        view.addMethod(ViewToString.method(struct));
        return view.build();
    }

    private static void accessors(TypeSpec.Builder view, FieldModel field) {
        FieldType type = field.type;
        String at = "offset + " + field.offsetConstant();
        switch (type.kind) {
            case SCALAR:
                view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L).",
                        readScalar(type.scalar, CodeBlock.of(at))));
                break;
            case ENUM:
                view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L).",
                        CodeBlock.of("$L[$T.ordinal(message.$L($L), $L)]", field.valuesConstant(),
                                FLYWEIGHT, type.size == 1 ? "u8" : "u16", at, type.enumCount)));
                break;
            case STRUCT:
                view.addMethod(getter(field, Types.view(type.struct),
                        "Returns the view of {@code $L} ($L), re-wrapped on each call (the same"
                                + " object each\ntime).",
                        CodeBlock.of("$NView.wrap(message, $L)", field.name, at)));
                break;
            case STRING:
                strings(view, field, at);
                break;
            case SLICE:
                slices(view, field, at);
                break;
            case BYTES:
                view.addMethod(getter(field, type.javaType, "A copy of {@code $L} ($L).",
                        CodeBlock.of("message.bytes($L)", at)));
                view.addMethod(MethodSpec.methodBuilder(field.name + "Slice")
                        .addJavadoc("The bytes of {@code $L} without a copy: a slice sharing the message's"
                                + " memory, valid\nuntil the message is released (not retained).\n",
                                field.name)
                        .addModifiers(Modifier.PUBLIC).returns(BYTE_BUF)
                        .addStatement("return message.stringBytes($L)", at).build());
                view.addMethod(MethodSpec.methodBuilder(field.name + "Length")
                        .addJavadoc("The number of bytes of {@code $L}.\n", field.name)
                        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
                        .addStatement("return $T.refLength(message.stringRef($L))", FLYWEIGHT, at).build());
                break;
            case TIMESTAMP:
                view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L) as an Instant.",
                        readValue(field, type, CodeBlock.of(at))));
                view.addMethod(MethodSpec.methodBuilder(field.name + "Micros")
                        .addJavadoc("Reads {@code $L} as stored: microseconds since"
                                + " 1970-01-01T00:00:00Z; allocates nothing.\n", field.name)
                        .addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
                        .addStatement("return message.i64($L)", at).build());
                break;
            case DATE:
                view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L) as a LocalDate.",
                        readValue(field, type, CodeBlock.of(at))));
                view.addMethod(MethodSpec.methodBuilder(field.name + "EpochDay")
                        .addJavadoc("Reads {@code $L} as stored: days since 1970-01-01; allocates"
                                + " nothing.\n", field.name)
                        .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
                        .addStatement("return message.i32($L)", at).build());
                break;
            case UUID:
                view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L) as a UUID.",
                        readValue(field, type, CodeBlock.of(at))));
                view.addMethod(MethodSpec.methodBuilder(field.name + "High")
                        .addJavadoc("The most significant 64 bits of {@code $L}; allocates nothing.\n",
                                field.name)
                        .addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
                        .addStatement("return message.uuidHigh($L)", at).build());
                view.addMethod(MethodSpec.methodBuilder(field.name + "Low")
                        .addJavadoc("The least significant 64 bits of {@code $L}; allocates nothing.\n",
                                field.name)
                        .addModifiers(Modifier.PUBLIC).returns(TypeName.LONG)
                        .addStatement("return message.uuidLow($L)", at).build());
                break;
            case DECIMAL:
                view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L), checking that its"
                        + " text is a plain decimal.", readValue(field, type, CodeBlock.of(at))));
                break;
            case OPTIONAL:
                optionals(view, field, at);
                break;
            default:
                throw new AssertionError(type.kind);
        }
    }

    /**
     * Reads a value of {@code type} (any type but a struct, a slice or an optional) at
     * {@code index} through the view's {@code message}.
     */
    static CodeBlock readValue(FieldModel field, FieldType type, CodeBlock index) {
        switch (type.kind) {
            case SCALAR:
                return readScalar(type.scalar, index);
            case ENUM:
                return CodeBlock.of("$L[$T.ordinal(message.$L($L), $L)]", field.valuesConstant(),
                        FLYWEIGHT, type.size == 1 ? "u8" : "u16", index, type.enumCount);
            case STRING:
                return CodeBlock.of("message.string($L)", index);
            case BYTES:
                return CodeBlock.of("message.bytes($L)", index);
            case TIMESTAMP:
                return CodeBlock.of("message.timestamp($L)", index);
            case DATE:
                return CodeBlock.of("message.date($L)", index);
            case UUID:
                return CodeBlock.of("message.uuid($L)", index);
            case DECIMAL:
                return CodeBlock.of("message.decimal($L)", index);
            default:
                throw new AssertionError(type.kind);
        }
    }

    /**
     * An optional's accessors (§6): {@code hasX()}, reading the presence byte; {@code x()}, the
     * value as the record holds it (an empty Optional or null when absent, which allocates
     * nothing), or for a struct its view (null when absent); and for a primitive value
     * {@code xOr(default)}, which never allocates.
     */
    private static void optionals(TypeSpec.Builder view, FieldModel field, String at) {
        FieldType type = field.type;
        FieldType value = type.element;
        String has = Names.presence(field.name);
        CodeBlock valueAt = CodeBlock.of("$L + $L", at, type.valueOffset());
        view.addMethod(MethodSpec.methodBuilder(has)
                .addJavadoc("Whether {@code $L} ($L) is present; reads its presence byte.\n"
                        + "@throws dev.dx.teleport.TeleportFormatException if that byte is neither 0"
                        + " nor 1\n", field.name, code(type.canonical))
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addStatement("return message.present($L)", at).build());
        if (value.kind == FieldType.Kind.STRUCT) {
            view.addMethod(getter(field, Types.view(value.struct), "Returns the view of {@code $L}"
                    + " ($L), re-wrapped on each call (the same object each\ntime), or null when it is"
                    + " absent.", CodeBlock.of("$N() ? $NView.wrap(message, $L) : null", has, field.name,
                    valueAt)));
            return;
        }
        CodeBlock read = readValue(field, value, valueAt);
        CodeBlock whole;
        switch (type.optionalForm) {
            case BOXED:
                whole = CodeBlock.of("$N() ? ($T) $L : null", has, type.javaType, read);
                break;
            case OPTIONAL:
                whole = CodeBlock.of("$N() ? $T.of($L) : $T.empty()", has, Optional.class, read,
                        Optional.class);
                break;
            default:
                ClassName optional = ClassName.get("java.util", type.optionalForm.className);
                whole = CodeBlock.of("$N() ? $T.of($L) : $T.empty()", has, optional, read, optional);
                break;
        }
        view.addMethod(getter(field, type.javaType, "Reads {@code $L} ($L): when absent, "
                + (type.optionalForm == FieldType.OptionalForm.BOXED ? "null" : "empty")
                + ", allocating nothing.", whole));
        if (value.kind == FieldType.Kind.SCALAR) {
            view.addMethod(MethodSpec.methodBuilder(field.name + "Or")
                    .addJavadoc("Reads {@code $L}, or returns {@code otherwise} when it is absent;"
                            + " never allocates.\n", field.name)
                    .addModifiers(Modifier.PUBLIC).returns(value.scalar.javaType)
                    .addParameter(value.scalar.javaType, "otherwise")
                    .addStatement("return $N() ? $L : otherwise", has, read).build());
        }
    }

    private static void strings(TypeSpec.Builder view, FieldModel field, String at) {
        view.addMethod(getter(field, ClassName.get(String.class),
                "Decodes {@code $L} ($L) from UTF-8; allocates the String (and, for ASCII text,"
                        + " nothing else).",
                CodeBlock.of("message.string($L)", at)));
        view.addMethod(MethodSpec.methodBuilder(field.name + "Bytes")
                .addJavadoc("The UTF-8 bytes of {@code $L}: a slice sharing the message's memory,"
                        + " valid until the\nmessage is released (not retained).\n", field.name)
                .addModifiers(Modifier.PUBLIC).returns(BYTE_BUF)
                .addStatement("return message.stringBytes($L)", at).build());
        view.addMethod(MethodSpec.methodBuilder(field.name + "Length")
                .addJavadoc("The length of {@code $L} in UTF-8 bytes.\n", field.name)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
                .addStatement("return $T.refLength(message.stringRef($L))", FLYWEIGHT, at).build());
        view.addMethod(MethodSpec.methodBuilder(field.name + "Equals")
                .addJavadoc("Whether {@code $L} equals {@code value}, compared byte by byte"
                        + " without decoding.\n", field.name)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addParameter(CharSequence.class, "value")
                .addStatement("return message.stringEquals($L, value)", at).build());
        view.addMethod(MethodSpec.methodBuilder(field.name + "Equals")
                .addJavadoc("Whether {@code $L} equals the readable bytes of {@code utf8}, compared"
                        + " in place; the\nfastest test when the expected value is already UTF-8"
                        + " (no index moves).\n", field.name)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addParameter(BYTE_BUF, "utf8")
                .addStatement("return message.stringEquals($L, utf8)", at).build());
        view.addMethod(MethodSpec.methodBuilder(field.name + "Equals")
                .addJavadoc("Whether {@code $L} equals {@code utf8} (UTF-8 bytes, the whole array),"
                        + " compared in place; the\ntest against a constant kept as bytes.\n",
                        field.name)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN)
                .addParameter(byte[].class, "utf8")
                .addStatement("return message.stringEquals($L, utf8)", at).build());
    }

    /** The field caching {@code field}'s checked slice reference. */
    private static String refField(FieldModel field) {
        return "ref$" + field.name;
    }

    private static CodeBlock resetSliceRefs(StructModel struct) {
        CodeBlock.Builder code = CodeBlock.builder();
        for (FieldModel field : struct.fields) {
            if (field.type.kind == FieldType.Kind.SLICE) {
                code.addStatement("this.$N = -1L", refField(field));
            }
        }
        return code.build();
    }

    private static void slices(TypeSpec.Builder view, FieldModel field, String at) {
        FieldType element = field.type.element;
        String ref = at + ", " + element.size + ", " + element.align;
        String cache = refField(field);
        view.addMethod(MethodSpec.methodBuilder(cache)
                .addJavadoc("The reference of {@code $L}, checked on first use after each wrap (and"
                        + " then kept: the\nchecked value is what later calls follow).\n",
                        field.name)
                .addModifiers(Modifier.PRIVATE).returns(TypeName.LONG)
                .addStatement("long ref = $N", cache)
                .beginControlFlow("if (ref == -1L)")
                .addStatement("ref = $N = message.sliceRef($L)", cache, ref)
                .endControlFlow()
                .addStatement("return ref")
                .build());
        view.addMethod(MethodSpec.methodBuilder(field.name + "Count")
                .addJavadoc("The number of elements of {@code $L} ($L).\n", field.name,
                        code(field.type.canonical))
                .addModifiers(Modifier.PUBLIC).returns(TypeName.INT)
                .addStatement("return $T.refLength($N())", FLYWEIGHT, cache).build());
        MethodSpec.Builder get = MethodSpec.methodBuilder(field.name)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(TypeName.INT, "index");
        CodeBlock index = CodeBlock.of("$T.element($N(), $L, index)", FLYWEIGHT, cache, element.size);
        if (element.kind == FieldType.Kind.STRUCT) {
            get.addJavadoc("The view of element {@code index} of {@code $L}; the same view object is"
                    + " re-wrapped\non each call.\n@throws IndexOutOfBoundsException if {@code index}"
                    + " is not below the count\n", field.name)
                    .returns(Types.view(element.struct))
                    .addStatement("return $NElement.wrap(message, $L)", field.name, index);
        } else {
            get.addJavadoc("Reads element {@code index} of {@code $L}.\n@throws"
                    + " IndexOutOfBoundsException if {@code index} is not below the count\n",
                    field.name)
                    .returns(element.kind == FieldType.Kind.SCALAR ? element.scalar.javaType : element.javaType)
                    .addStatement("return $L", readValue(field, element, index));
        }
        view.addMethod(get.build());
    }

    /** Reads {@code scalar} at {@code index} through the view's {@code message}. */
    static CodeBlock readScalar(Scalar scalar, CodeBlock index) {
        return CodeBlock.of("message.$L($L)", scalar.canonical, index);
    }

    /**
     * {@code text} (a canonical type such as {@code enum<Color>:u8} or {@code slice<i32>}) as
     * javadoc that doclint accepts: in a {@code {@code ...}} tag, where {@code <} is not read as
     * HTML. Canonical strings hold no braces except balanced pairs, which the tag allows.
     */
    static String code(String text) {
        return "{@code " + text + "}";
    }

    /** A type for the layout table: nested structs by name only. */
    private static String shortType(FieldType type) {
        switch (type.kind) {
            case STRUCT:
                return "struct " + type.struct.recordType.simpleName();
            case SLICE:
                return "slice<" + shortType(type.element) + ">";
            case OPTIONAL:
                return "optional<" + shortType(type.element) + ">";
            default:
                return type.canonical;
        }
    }

    private static MethodSpec getter(FieldModel field, TypeName returns, String doc, CodeBlock value) {
        return MethodSpec.methodBuilder(field.name)
                .addJavadoc(doc + "\n", field.name, code(field.type.canonical))
                .addModifiers(Modifier.PUBLIC)
                .returns(returns)
                .addStatement("return $L", value)
                .build();
    }

    private static CodeBlock javadoc(StructModel struct) {
        StringBuilder sb = new StringBuilder();
        sb.append("A flyweight over a {@code ").append(struct.recordType.simpleName())
                .append("} struct: each accessor reads its field at an absolute little-endian\n")
                .append("offset from the wrapped index, checking string and slice references"
                        + " before following them.\n")
                .append("The buffer's indexes never move and nothing is allocated except decoded"
                        + " strings and\nbyte slices. Not thread-safe; reuse one per thread.\n\n")
                .append("<pre>\n")
                .append(String.format("%6s  %4s  %-16s %s\n", "offset", "size", "field", "type"));
        int end = 0;
        for (FieldModel field : struct.fields) {
            if (field.offset > end) {
                sb.append(String.format("%6d  %4d  (padding)\n", end, field.offset - end));
            }
            String type = shortType(field.type);
            if (field.type.kind == FieldType.Kind.STRING || field.type.kind == FieldType.Kind.BYTES
                    || field.type.kind == FieldType.Kind.DECIMAL) {
                type += " (u32 offset, u32 length)";
            } else if (field.type.kind == FieldType.Kind.SLICE) {
                type += " (u32 offset, u32 count)";
            }
            sb.append(String.format("%6d  %4d  %-16s %s\n", field.offset, field.type.size,
                    field.name, type.replace("<", "&lt;").replace(">", "&gt;")));
            end = field.offset + field.type.size;
        }
        if (struct.size > end) {
            sb.append(String.format("%6d  %4d  (padding)\n", end, struct.size - end));
        }
        sb.append(String.format("%6s  %4d  %-16s align %d\n", "", struct.size, "(total)", struct.align))
                .append("</pre>\n");
        return CodeBlock.of("$L", sb.toString());
    }
}
