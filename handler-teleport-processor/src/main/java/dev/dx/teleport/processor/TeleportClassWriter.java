package dev.dx.teleport.processor;

import static dev.dx.teleport.processor.Types.BYTE_BUF;
import static dev.dx.teleport.processor.Types.BYTE_BUF_ALLOCATOR;
import static dev.dx.teleport.processor.Types.LAYOUT;
import static dev.dx.teleport.processor.Types.LIST;
import static dev.dx.teleport.processor.Types.MESSAGE;
import static dev.dx.teleport.processor.Types.OBJECTS;
import static dev.dx.teleport.processor.Types.WRITER;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dx.teleport.runtime.TeleportRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import javax.lang.model.element.Modifier;

/** Emits {@code X_Teleport}: layout constants, {@code write}, {@code read}, {@code TYPE}. */
final class TeleportClassWriter {

    private final boolean generatedAvailable;

    TeleportClassWriter(boolean generatedAvailable) {
        this.generatedAvailable = generatedAvailable;
    }

    JavaFile write(StructModel struct) {
        String simple = struct.recordType.simpleName();
        TypeSpec.Builder type = TypeSpec.classBuilder(struct.generatedType)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addOriginatingElement(struct.element)
                .addJavadoc("Teleport/1 layout, flyweight view and codec of {@link $T}, generated from"
                        + " its components.\n\n<p>Canonical layout: {@code $L}\n", struct.recordType,
                        struct.canonical);
        if (generatedAvailable) {
            type.addAnnotation(AnnotationSpec.builder(Types.GENERATED)
                    .addMember("value", "$S", TeleportProcessor.class.getName()).build());
        }
        type.addField(constant(ClassName.get(String.class), "CANONICAL",
                CodeBlock.of("$S", struct.canonical), "The canonical layout string (§4)."));
        type.addField(constant(TypeName.INT, "SIZE", CodeBlock.of("$L", struct.size),
                "Size of the struct in bytes."));
        type.addField(constant(TypeName.INT, "ALIGN", CodeBlock.of("$L", struct.align),
                "Alignment of the struct."));
        type.addField(constant(TypeName.LONG, "FINGERPRINT",
                CodeBlock.of("0x$LL", Long.toHexString(struct.fingerprint)),
                "FNV-1a 64 of {@link #CANONICAL}, computed at compile time."));
        for (FieldModel field : struct.fields) {
            type.addField(constant(TypeName.INT, field.offsetConstant(),
                    CodeBlock.of("$L", field.offset), "Offset of {@code " + field.name + "} ("
                            + field.type.canonical.replace("<", "&lt;").replace(">", "&gt;")
                            + ") in the struct."));
        }
        // the first static field whose initializer runs: the version check precedes all other code
        type.addField(FieldSpec.builder(TypeName.INT, "RUNTIME_VERSION", Modifier.PRIVATE,
                Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The runtime version this class was generated for, checked against the"
                        + " runtime's when the\nclass loads (see {@link $T}).\n", Types.RUNTIME)
                .initializer("$T.requireVersion($L, $S)", Types.RUNTIME, TeleportRuntime.VERSION,
                        struct.generatedType.simpleName())
                .build());
        type.addField(constant(LAYOUT, "LAYOUT",
                CodeBlock.of("$T.of(CANONICAL, SIZE, ALIGN)", LAYOUT),
                "The layout, for {@link dev.dx.teleport.TeleportMessage#wrap} and the decoder."));
        ParameterizedTypeName typeType = ParameterizedTypeName.get(Types.TYPE, struct.recordType);
        type.addField(constant(typeType, "TYPE", typeInstance(struct, typeType),
                "This type for {@link dev.dx.teleport.TeleportEncoder}."));
        for (FieldModel field : struct.fields) {
            FieldType enumType = field.type.kind == FieldType.Kind.OPTIONAL ? field.type.element : field.type;
            if (enumType.kind == FieldType.Kind.ENUM) {
                type.addField(FieldSpec.builder(ArrayTypeName.of(enumType.javaType),
                        field.valuesConstant(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$T.values()", enumType.javaType).build());
            }
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        type.addMethod(MethodSpec.methodBuilder("write")
                .addJavadoc("Writes {@code value} as a whole message on {@code writer}: begins it"
                        + " and fills it in;\nthe caller then calls {@link $T#finish()}. On failure"
                        + " the message is aborted.\n", WRITER)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(WRITER, "writer")
                .addParameter(struct.recordType, "value")
                .addStatement("$T.requireNonNull(value, $S)", OBJECTS, "value")
                .addStatement(hasSlices(struct)
                        ? "int at = writer.beginSized(LAYOUT, dataEnd(SIZE, value))"
                        : "int at = writer.beginSized(LAYOUT, SIZE)")
                .beginControlFlow("try")
                .addStatement("writeFields(writer, at, value)")
                .nextControlFlow("catch ($T | $T e)", RuntimeException.class, Error.class)
                .addStatement("writer.abort()")
                .addStatement("throw e")
                .endControlFlow()
                .build());
        type.addMethod(MethodSpec.methodBuilder("encode")
                .addJavadoc("Encodes {@code value} into a new buffer from {@code alloc}, which the"
                        + " caller owns.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(BYTE_BUF)
                .addParameter(BYTE_BUF_ALLOCATOR, "alloc")
                .addParameter(struct.recordType, "value")
                .addStatement("$T writer = new $T(alloc)", WRITER, WRITER)
                .addStatement("write(writer, value)")
                .addStatement("return writer.finish()")
                .build());
        type.addMethod(writeFields(struct));
        if (hasSlices(struct)) {
            type.addMethod(dataEnd(struct));
        }
        type.addMethod(MethodSpec.methodBuilder("view")
                .addJavadoc("A new view of the root struct of {@code message}, which must be a $L.\n",
                        simple)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(Types.view(struct))
                .addParameter(MESSAGE, "message")
                .addStatement("return new $T().wrap(message)", Types.view(struct))
                .build());
        type.addMethod(MethodSpec.methodBuilder("read")
                .addJavadoc("Builds the $L held by {@code message}, decoding every string and"
                        + " slice.\n", simple)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(struct.recordType)
                .addParameter(MESSAGE, "message")
                .addStatement("return read(view(message))")
                .build());
        type.addMethod(read(struct));
        type.addType(ViewWriter.view(struct));
        return JavaFile.builder(struct.generatedType.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static FieldSpec constant(TypeName type, String name, CodeBlock value, String doc) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("$L\n", doc)
                .initializer(value)
                .build();
    }

    private static CodeBlock typeInstance(StructModel struct, TypeName typeType) {
        TypeSpec anonymous = TypeSpec.anonymousClassBuilder("")
                .addSuperinterface(typeType)
                .addMethod(MethodSpec.methodBuilder("javaType").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(ParameterizedTypeName.get(ClassName.get(Class.class), struct.recordType))
                        .addStatement("return $T.class", struct.recordType).build())
                .addMethod(MethodSpec.methodBuilder("layout").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(LAYOUT)
                        .addStatement("return LAYOUT").build())
                .addMethod(MethodSpec.methodBuilder("write").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(WRITER, "writer").addParameter(struct.recordType, "value")
                        .addStatement("$T.write(writer, value)", struct.generatedType).build())
                .addMethod(MethodSpec.methodBuilder("read").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(struct.recordType)
                        .addParameter(MESSAGE, "message")
                        .addStatement("return $T.read(message)", struct.generatedType).build())
                .build();
        return CodeBlock.of("$L", anonymous);
    }

    private static MethodSpec writeFields(StructModel struct) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("writeFields")
                .addJavadoc("Writes the fields of {@code value} into the struct at data offset"
                        + " {@code at}, appending its\nstrings and slices depth-first in declaration"
                        + " order. Used by {@link #write} and by the code\ngenerated for records"
                        + " that contain a $L.\n", struct.recordType.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(WRITER, "writer")
                .addParameter(TypeName.INT, "at")
                .addParameter(struct.recordType, "value");
        String owner = struct.recordType.simpleName() + ".";
        for (StructStores.Store store : StructStores.plan(struct)) {
            FieldModel field = store.opaque;
            if (field == null) {
                method.addStatement(StructStores.statement(store, owner));
                continue;
            }
            FieldType type = field.type;
            CodeBlock value = CodeBlock.of("value.$N()", field.name);
            CodeBlock nonNull = CodeBlock.of("$T.requireNonNull($L, $S)", OBJECTS, value,
                    owner + field.name);
            String at = "at + " + field.offsetConstant();
            switch (type.kind) {
                case SLICE:
                    writeSlice(method, field, at, nonNull, owner);
                    break;
                case OPTIONAL:
                    writeOptional(method, field, at, value, owner);
                    break;
                default:
                    method.addStatement(putValue(type, at, nonNull));
                    break;
            }
        }
        return method.build();
    }

    /**
     * The statement that puts {@code value} (not null) of {@code type}, any type but a slice or an
     * optional, at data offset {@code at}.
     */
    static CodeBlock putValue(FieldType type, String at, CodeBlock value) {
        switch (type.kind) {
            case SCALAR:
                return CodeBlock.of("writer.$L($L, $L)", type.scalar.writerMethod, at, value);
            case ENUM:
                return CodeBlock.of("writer.$L($L, ($L) $L.ordinal())", type.size == 1 ? "putByte" : "putChar",
                        at, type.size == 1 ? "byte" : "char", value);
            case STRING:
                return CodeBlock.of("writer.putString($L, $L)", at, value);
            case BYTES:
                return CodeBlock.of("writer.putBytes($L, $L)", at, value);
            case TIMESTAMP:
                return CodeBlock.of("writer.putTimestamp($L, $L)", at, value);
            case DATE:
                return CodeBlock.of("writer.putDate($L, $L)", at, value);
            case UUID:
                return CodeBlock.of("writer.putUuid($L, $L)", at, value);
            case DECIMAL:
                return CodeBlock.of("writer.putDecimal($L, $L)", at, value);
            case STRUCT:
                return CodeBlock.of("$T.writeFields(writer, $L, $L)", type.struct.generatedType, at, value);
            default:
                throw new AssertionError(type.kind);
        }
    }

    /**
     * Writes an optional (§6): when present, the presence byte 1 and zero padding up to the value
     * in one store of align(T) bytes, then the value at {@code at + align(T)}; when absent, zeros
     * over all of it.
     */
    private static void writeOptional(MethodSpec.Builder method, FieldModel field, String at,
            CodeBlock value, String owner) {
        FieldType type = field.type;
        FieldType.OptionalForm form = type.optionalForm;
        int valueOffset = type.valueOffset();
        method.addCode("{\n$>");
        if (form == FieldType.OptionalForm.BOXED) {
            method.addStatement("$T o = $L", type.javaType, value)
                    .beginControlFlow("if (o != null)");
        } else {
            method.addStatement("$T o = $T.requireNonNull($L, $S)", type.javaType, OBJECTS, value,
                    owner + field.name)
                    .beginControlFlow("if (o.isPresent())");
        }
        method.addStatement(store(valueOffset, at, "1"));
        CodeBlock present = form == FieldType.OptionalForm.BOXED ? CodeBlock.of("o")
                : CodeBlock.of("o.$L()", form.getter);
        method.addStatement(putValue(type.element, at + " + " + valueOffset, present))
                .nextControlFlow("else");
        for (int p = 0; p < type.size; ) {
            int width = 8;
            while (width > type.size - p) {
                width >>= 1;
            }
            method.addStatement(store(width, p == 0 ? at : at + " + " + p, "0"));
            p += width;
        }
        method.endControlFlow().addCode("$<}\n");
    }

    /** A store of {@code value}, {@code width} bytes wide (1, 2, 4 or 8), at {@code at}. */
    private static CodeBlock store(int width, String at, String value) {
        switch (width) {
            case 8:
                return CodeBlock.of("writer.putLong($L, $LL)", at, value);
            case 4:
                return CodeBlock.of("writer.putInt($L, $L)", at, value);
            case 2:
                return CodeBlock.of("writer.putShort($L, (short) $L)", at, value);
            case 1:
                return CodeBlock.of("writer.putByte($L, (byte) $L)", at, value);
            default:
                throw new AssertionError(width);
        }
    }

    /** Whether a struct has a slice anywhere inside it (its data section then varies). */
    static boolean hasSlices(StructModel struct) {
        for (FieldModel field : struct.fields) {
            if (field.type.kind == FieldType.Kind.SLICE || structWithSlices(field.type)
                    || field.type.kind == FieldType.Kind.OPTIONAL && structWithSlices(field.type.element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean structWithSlices(FieldType type) {
        return type.kind == FieldType.Kind.STRUCT && hasSlices(type.struct);
    }

    /**
     * {@code dataEnd(end, value)}: the data section's length after the slice blocks of
     * {@code value} are appended to one {@code end} bytes long, walking as {@code writeFields} does.
     */
    private static MethodSpec dataEnd(StructModel struct) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("dataEnd")
                .addJavadoc("The length of a data section {@code end} bytes long once the slice blocks"
                        + " of {@code value}\n(and of the structs in it) are appended in the order"
                        + " {@link #writeFields} appends them, each\nafter its alignment gap. Used"
                        + " to size a message before writing it.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(TypeName.LONG)
                .addParameter(TypeName.LONG, "end")
                .addParameter(struct.recordType, "value");
        String owner = struct.recordType.simpleName() + ".";
        for (FieldModel field : struct.fields) {
            FieldType type = field.type;
            CodeBlock nonNull = CodeBlock.of("$T.requireNonNull(value.$N(), $S)", OBJECTS,
                    field.name, owner + field.name);
            if (type.kind == FieldType.Kind.STRUCT && hasSlices(type.struct)) {
                method.addStatement("end = $T.dataEnd(end, $L)", type.struct.generatedType, nonNull);
            } else if (type.kind == FieldType.Kind.OPTIONAL && structWithSlices(type.element)) {
                method.addCode("{\n$>")
                        .addStatement("$T o = $L", type.javaType, nonNull)
                        .beginControlFlow("if (o.isPresent())")
                        .addStatement("end = $T.dataEnd(end, o.get())", type.element.struct.generatedType)
                        .endControlFlow()
                        .addCode("$<}\n");
            } else if (type.kind == FieldType.Kind.SLICE) {
                FieldType element = type.element;
                boolean array = type.container == FieldType.Container.ARRAY;
                method.addCode("{\n$>")
                        .addStatement("$T slice = $L", type.javaType, nonNull)
                        .addStatement("int n = slice.$L", array ? "length" : "size()")
                        .beginControlFlow("if (n != 0)")
                        .addStatement("end = ((end + $L) & -$L) + (long) n * $L", element.align - 1,
                                element.align, element.size);
                if (element.kind == FieldType.Kind.STRUCT && hasSlices(element.struct)) {
                    String name = owner + field.name + "[]";
                    method.beginControlFlow("for ($T e : slice)", element.javaType);
                    method.addStatement("end = $T.dataEnd(end, $T.requireNonNull(e, $S))",
                            element.struct.generatedType, OBJECTS, name)
                            .endControlFlow();
                }
                method.endControlFlow().addCode("$<}\n");
            }
        }
        return method.addStatement("return end").build();
    }

    private static void writeSlice(MethodSpec.Builder method, FieldModel field, String at,
            CodeBlock nonNull, String owner) {
        FieldType element = field.type.element;
        boolean array = field.type.container == FieldType.Container.ARRAY;
        method.addCode("{\n$>")
                .addStatement("$T slice = $L", field.type.javaType, nonNull)
                .addStatement("int base = writer.putSlice($L, slice.$L, $L, $L)", at,
                        array ? "length" : "size()", element.size, element.align);
        if (array) {
            method.beginControlFlow("for (int i = 0; i < slice.length; i++)");
            elementWrite(method, element, "slice[i]", owner + field.name);
        } else {
            // indexed access where it is cheap: no iterator to allocate
            method.beginControlFlow("if (slice instanceof $T)", RandomAccess.class)
                    .beginControlFlow("for (int i = 0, n = slice.size(); i < n; i++)");
            elementWrite(method, element, "slice.get(i)", owner + field.name);
            method.endControlFlow()
                    .nextControlFlow("else")
                    .addStatement("int i = 0")
                    .beginControlFlow("for ($T e : slice)", element.javaType);
            elementWrite(method, element, "e", owner + field.name);
            method.addStatement("i++")
                    .endControlFlow();
        }
        method.endControlFlow().addCode("$<}\n");
    }

    private static void elementWrite(MethodSpec.Builder method, FieldType element, String value,
            String name) {
        if (element.kind == FieldType.Kind.STRUCT) {
            method.addStatement("$T.writeFields(writer, base + i * $L, $T.requireNonNull($L, $S))",
                    element.struct.generatedType, element.size, OBJECTS, value, name + "[]");
        } else if (element.kind == FieldType.Kind.SCALAR) {
            method.addStatement("writer.$L(base + i * $L, $L)", element.scalar.writerMethod,
                    element.size, value);
        } else {
            method.addStatement(putValue(element, "base + i * " + element.size,
                    CodeBlock.of("$T.requireNonNull($L, $S)", OBJECTS, value, name + "[]")));
        }
    }

    private static MethodSpec read(StructModel struct) {
        MethodSpec.Builder method = MethodSpec.methodBuilder("read")
                .addJavadoc("Builds a $L from {@code view}, decoding every string and slice.\n",
                        struct.recordType.simpleName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(struct.recordType)
                .addParameter(Types.view(struct), "view");
        List<CodeBlock> args = new ArrayList<>();
        for (int f = 0; f < struct.fields.size(); f++) {
            FieldModel field = struct.fields.get(f);
            FieldType type = field.type;
            switch (type.kind) {
                case STRUCT:
                    args.add(CodeBlock.of("$T.read(view.$N())", type.struct.generatedType, field.name));
                    break;
                case SLICE:
                    args.add(readSlice(method, field, "s" + f));
                    break;
                case OPTIONAL:
                    if (type.element.kind == FieldType.Kind.STRUCT) {
                        args.add(CodeBlock.of("view.$N() ? $T.of($T.read(view.$N())) : $T.empty()",
                                Names.presence(field.name), Optional.class,
                                type.element.struct.generatedType, field.name, Optional.class));
                    } else {
                        args.add(CodeBlock.of("view.$N()", field.name));
                    }
                    break;
                default:
                    args.add(CodeBlock.of("view.$N()", field.name));
                    break;
            }
        }
        return method.addStatement("return new $T($L)", struct.recordType,
                CodeBlock.join(args, ", ")).build();
    }

    private static CodeBlock readSlice(MethodSpec.Builder method, FieldModel field, String local) {
        FieldType element = field.type.element;
        if (element.kind == FieldType.Kind.BYTES) {
            method.addStatement("byte[][] $N = new byte[view.$NCount()][]", local, field.name);
        } else {
            method.addStatement("$T[] $N = new $T[view.$NCount()]", element.javaType, local,
                    element.javaType, field.name);
        }
        method
                .beginControlFlow("for (int i = 0; i < $N.length; i++)", local);
        if (element.kind == FieldType.Kind.STRUCT) {
            method.addStatement("$N[i] = $T.read(view.$N(i))", local, element.struct.generatedType,
                    field.name);
        } else {
            method.addStatement("$N[i] = view.$N(i)", local, field.name);
        }
        method.endControlFlow();
        return field.type.container == FieldType.Container.ARRAY
                ? CodeBlock.of("$N", local)
                : CodeBlock.of("$T.of($N)", LIST, local);
    }
}
