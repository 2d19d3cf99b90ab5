package dev.dx.teleport.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.dx.teleport.Teleport;
import dev.dx.teleport.TeleportStruct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Validates a {@code @Teleport} record and computes its layout (§2, §3): fields in declaration
 * order, each at the next multiple of its alignment; the struct aligned to its largest field
 * alignment and sized to a multiple of it. Nested records are analysed once and cached. Problems
 * are reported on the offending element; a record with any problem yields no model.
 */
final class LayoutAnalyzer {

    private static final Map<String, Scalar> WRAPPERS = Map.of(
            "java.lang.Boolean", Scalar.BOOL, "java.lang.Byte", Scalar.I8,
            "java.lang.Short", Scalar.I16, "java.lang.Character", Scalar.U16,
            "java.lang.Integer", Scalar.I32, "java.lang.Long", Scalar.I64,
            "java.lang.Float", Scalar.F32, "java.lang.Double", Scalar.F64);

    /** The fixed-size Teleport/1.1 types (§6) by their Java class. */
    private static final Map<String, FieldType.Kind> SECTION6 = Map.of(
            "java.time.Instant", FieldType.Kind.TIMESTAMP, "java.time.LocalDate", FieldType.Kind.DATE,
            "java.util.UUID", FieldType.Kind.UUID, "java.math.BigDecimal", FieldType.Kind.DECIMAL);

    /** The primitive optionals of java.util (§6), by class, with their value's scalar. */
    private static final Map<String, FieldType.OptionalForm> PRIMITIVE_OPTIONALS = Map.of(
            "java.util.OptionalInt", FieldType.OptionalForm.OPTIONAL_INT,
            "java.util.OptionalLong", FieldType.OptionalForm.OPTIONAL_LONG,
            "java.util.OptionalDouble", FieldType.OptionalForm.OPTIONAL_DOUBLE);

    private static final String SUPPORTED = "boolean, byte, short, char, int, long, float, double,"
            + " String, an enum, a @Teleport record, byte[], Instant, LocalDate, UUID, BigDecimal,"
            + " an Optional<T>, OptionalInt, OptionalLong, OptionalDouble or boxed primitive of one of"
            + " those, or a List<T> or T[] of a primitive, a @Teleport record, byte[], Instant,"
            + " LocalDate, UUID or BigDecimal";

    private final ErrorReporter errors;
    private final Map<String, Optional<StructModel>> cache = new HashMap<>();
    private final LinkedHashSet<TypeElement> inProgress = new LinkedHashSet<>();

    LayoutAnalyzer(ErrorReporter errors) {
        this.errors = errors;
    }

    /** The model of {@code type}, or empty after reporting why it has none. */
    Optional<StructModel> analyze(TypeElement type) {
        String key = type.getQualifiedName().toString();
        Optional<StructModel> known = cache.get(key);
        if (known != null) {
            return known;
        }
        inProgress.add(type);
        Optional<StructModel> model;
        try {
            model = Optional.ofNullable(compute(type));
        } finally {
            inProgress.remove(type);
        }
        cache.put(key, model);
        return model;
    }

    private StructModel compute(TypeElement type) {
        if (type.getKind() != ElementKind.RECORD) {
            errors.reportError(type, "@Teleport applies to records only; " + type.getSimpleName()
                    + " is " + article(type.getKind()));
            return null;
        }
        boolean ok = true;
        if (!type.getTypeParameters().isEmpty()) {
            errors.reportError(type, "@Teleport record " + type.getSimpleName()
                    + " must not be generic");
            ok = false;
        }
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                errors.reportError(type, "@Teleport record " + type.getSimpleName()
                        + " must not be private or nested in a private type");
                ok = false;
                break;
            }
        }
        ClassName recordType = ClassName.get(type);
        // the runtime's builder lays the fields out, so both compute one layout (§3)
        TeleportStruct.Builder layout = TeleportStruct.builder(recordType.simpleName());
        List<String> prefixes = new ArrayList<>();
        List<FieldType> types = new ArrayList<>();
        List<Element> sites = new ArrayList<>();
        Set<String> constants = new HashSet<>();
        Set<String> methods = new HashSet<>();
        for (RecordComponentElement component : type.getRecordComponents()) {
            Element site = errorSite(type, component);
            FieldType fieldType = fieldType(site, component.asType());
            if (fieldType == null) {
                ok = false;
                continue;
            }
            String name = site.getSimpleName().toString();
            String prefix = Names.constantPrefix(name);
            if (!constants.add(prefix)) {
                errors.reportError(site, "field " + name + " would get the same constant "
                        + prefix + "_OFFSET as an earlier field");
                ok = false;
                continue;
            }
            for (String method : Names.viewMethods(name, fieldType)) {
                if (!methods.add(method)) {
                    errors.reportError(site, "field " + name + " would get a view method "
                            + method + " that another field's accessor already uses");
                    ok = false;
                }
            }
            layout.field(name, fieldType.teleport);
            prefixes.add(prefix);
            types.add(fieldType);
            sites.add(site);
        }
        if (!ok) {
            return null;
        }
        TeleportStruct struct = layout.build();
        List<FieldModel> fields = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            TeleportStruct.Field field = struct.fields().get(i);
            fields.add(new FieldModel(field.name(), prefixes.get(i), types.get(i), field.offset(), sites.get(i)));
        }
        return new StructModel(type, recordType, StructModel.generatedName(recordType), fields, struct);
    }

    /**
     * Where errors about a component go: the record's private field of the same name, which javac
     * positions on the component in the record header (JDK 17's javac gives the component element
     * itself no source position).
     */
    private static Element errorSite(TypeElement type, RecordComponentElement component) {
        for (Element e : type.getEnclosedElements()) {
            if (e.getKind() == ElementKind.FIELD && e.getSimpleName().equals(component.getSimpleName())) {
                return e;
            }
        }
        return component;
    }

    private FieldType fieldType(Element component, TypeMirror type) {
        switch (type.getKind()) {
            case BOOLEAN:
                return FieldType.scalar(Scalar.BOOL, TypeName.BOOLEAN);
            case BYTE:
                return FieldType.scalar(Scalar.I8, TypeName.BYTE);
            case SHORT:
                return FieldType.scalar(Scalar.I16, TypeName.SHORT);
            case CHAR:
                return FieldType.scalar(Scalar.U16, TypeName.CHAR);
            case INT:
                return FieldType.scalar(Scalar.I32, TypeName.INT);
            case LONG:
                return FieldType.scalar(Scalar.I64, TypeName.LONG);
            case FLOAT:
                return FieldType.scalar(Scalar.F32, TypeName.FLOAT);
            case DOUBLE:
                return FieldType.scalar(Scalar.F64, TypeName.DOUBLE);
            case ARRAY:
                return arraySlice(component, (ArrayType) type);
            case DECLARED:
                return declared(component, (DeclaredType) type);
            default:
                return unsupported(component, type);
        }
    }

    private FieldType declared(Element component, DeclaredType type) {
        TypeElement element = (TypeElement) type.asElement();
        String name = element.getQualifiedName().toString();
        if (name.equals("java.lang.String")) {
            return FieldType.string();
        }
        if (name.equals("java.util.List")) {
            return listSlice(component, type);
        }
        FieldType.Kind section6 = SECTION6.get(name);
        if (section6 != null) {
            return FieldType.section6(section6);
        }
        Scalar boxed = WRAPPERS.get(name);
        if (boxed != null) {
            // a boxed primitive is an optional whose null is absent (§6)
            return FieldType.optional(FieldType.scalar(boxed, boxed.javaType), FieldType.OptionalForm.BOXED,
                    ClassName.get(element));
        }
        FieldType.OptionalForm primitiveOptional = PRIMITIVE_OPTIONALS.get(name);
        if (primitiveOptional != null) {
            Scalar value = primitiveOptional == FieldType.OptionalForm.OPTIONAL_INT ? Scalar.I32
                    : primitiveOptional == FieldType.OptionalForm.OPTIONAL_LONG ? Scalar.I64 : Scalar.F64;
            return FieldType.optional(FieldType.scalar(value, value.javaType), primitiveOptional,
                    ClassName.get(element));
        }
        if (name.equals("java.util.Optional")) {
            return optional(component, type);
        }
        if (element.getKind() == ElementKind.ENUM) {
            int count = (int) element.getEnclosedElements().stream()
                    .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT).count();
            if (count > 65536) {
                errors.reportError(component, "enum " + element.getSimpleName() + " has " + count
                        + " constants; Teleport enums have at most 65536");
                return null;
            }
            if (!accessible(component, element, "enum")) {
                return null;
            }
            return FieldType.enumType(ClassName.get(element), count);
        }
        if (element.getKind() == ElementKind.RECORD) {
            if (!accessible(component, element, "record")) {
                return null;
            }
            StructModel struct = nestedStruct(component, element);
            return struct == null ? null : FieldType.struct(struct);
        }
        return unsupported(component, type);
    }

    /**
     * Whether the generated class, in the package of the record that declares {@code component},
     * can name {@code type}: no type in its nesting may be private, and a protected or
     * package-private one must be in that same package (a record nested in a subclass can see a
     * protected member type of its superclass; the generated class cannot). Reports it if not.
     */
    private boolean accessible(Element component, TypeElement type, String what) {
        String generatedPackage = packageOf(component);
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            Set<Modifier> modifiers = e.getModifiers();
            String problem = null;
            if (modifiers.contains(Modifier.PRIVATE)) {
                problem = "is private";
            } else if (!modifiers.contains(Modifier.PUBLIC) && !packageOf(e).equals(generatedPackage)) {
                problem = "is not public and is in another package";
            }
            if (problem != null) {
                errors.reportError(component, what + " " + type.getSimpleName() + " must not be"
                        + " private or nested in a type the generated class cannot access: "
                        + e.getSimpleName() + " " + problem);
                return false;
            }
        }
        return true;
    }

    private static String packageOf(Element element) {
        Element e = element;
        while (e != null && !(e instanceof PackageElement)) {
            e = e.getEnclosingElement();
        }
        return e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
    }

    private StructModel nestedStruct(Element component, TypeElement record) {
        if (record.getAnnotation(Teleport.class) == null) {
            errors.reportError(component, "record " + record.getSimpleName()
                    + " is not annotated @Teleport");
            return null;
        }
        if (inProgress.contains(record)) {
            String cycle = inProgress.stream().map(e -> e.getSimpleName().toString())
                    .collect(Collectors.joining(" → ")) + " → " + record.getSimpleName();
            errors.reportError(component, "recursive struct: " + cycle
                    + " (a Teleport struct cannot contain itself, even through a slice)");
            return null;
        }
        Optional<StructModel> model = analyze(record);
        if (model.isEmpty()) {
            errors.reportError(component, "record " + record.getSimpleName()
                    + " is not a valid Teleport struct (see its errors)");
            return null;
        }
        return model.get();
    }

    /**
     * {@code Optional<T>}: optional&lt;T&gt; for T any non-optional, non-slice type; a boxed T
     * means T here, since an Optional never holds null. Refuses optional&lt;optional&lt;T&gt;&gt;
     * (§6), whichever Java optional spells either level.
     */
    private FieldType optional(Element component, DeclaredType type) {
        if (type.getTypeArguments().size() != 1
                || type.getTypeArguments().get(0).getKind() != TypeKind.DECLARED
                        && type.getTypeArguments().get(0).getKind() != TypeKind.ARRAY) {
            return unsupported(component, type);
        }
        TypeMirror valueType = type.getTypeArguments().get(0);
        FieldType value;
        if (valueType.getKind() == TypeKind.ARRAY) {
            if (((ArrayType) valueType).getComponentType().getKind() != TypeKind.BYTE) {
                errors.reportError(component, "unsupported Teleport field type " + type + " for "
                        + component.getSimpleName() + ": an optional slice is not supported"
                        + " (expected an Optional of a single value)");
                return null;
            }
            value = FieldType.section6(FieldType.Kind.BYTES);
        } else {
            TypeElement valueElement = (TypeElement) ((DeclaredType) valueType).asElement();
            String valueName = valueElement.getQualifiedName().toString();
            Scalar boxed = WRAPPERS.get(valueName);
            if (valueName.equals("java.util.Optional") || PRIMITIVE_OPTIONALS.containsKey(valueName)) {
                errors.reportError(component, "optional<optional<T>> is not allowed (Teleport §6): "
                        + component.getSimpleName() + " is " + type
                        + "; use a single Optional, OptionalInt/Long/Double or boxed primitive");
                return null;
            }
            if (valueName.equals("java.util.List")) {
                errors.reportError(component, "unsupported Teleport field type " + type + " for "
                        + component.getSimpleName() + ": an optional slice is not supported"
                        + " (expected an Optional of a single value)");
                return null;
            }
            if (boxed != null) {
                value = FieldType.scalar(boxed, boxed.javaType);
            } else {
                value = declared(component, (DeclaredType) valueType);
                if (value == null) {
                    return null;
                }
            }
        }
        return FieldType.optional(value, FieldType.OptionalForm.OPTIONAL, TypeName.get(type));
    }

    /**
     * Refuses a slice whose elements would be optionals (Teleport §6): {@code Optional<T>} and
     * the primitive optionals. A boxed element of a {@code List} is not one: {@code List<Integer>}
     * is slice&lt;i32&gt; of non-null values, as before Teleport/1.1.
     */
    private boolean refuseOptionalElement(Element component, TypeMirror type, TypeMirror elementType) {
        if (elementType.getKind() != TypeKind.DECLARED) {
            return false;
        }
        String name = ((TypeElement) ((DeclaredType) elementType).asElement()).getQualifiedName().toString();
        if (name.equals("java.util.Optional") || PRIMITIVE_OPTIONALS.containsKey(name)) {
            errors.reportError(component, "a slice may not hold optionals (Teleport §6): "
                    + component.getSimpleName() + " is " + type);
            return true;
        }
        return false;
    }

    /** The element of a slice when it is a §6 type: byte[] (as bytes), Instant, ...; else null. */
    private static FieldType section6Element(TypeMirror elementType) {
        if (elementType.getKind() == TypeKind.ARRAY
                && ((ArrayType) elementType).getComponentType().getKind() == TypeKind.BYTE) {
            return FieldType.section6(FieldType.Kind.BYTES);
        }
        if (elementType.getKind() == TypeKind.DECLARED) {
            FieldType.Kind kind = SECTION6.get(((TypeElement) ((DeclaredType) elementType).asElement())
                    .getQualifiedName().toString());
            return kind == null ? null : FieldType.section6(kind);
        }
        return null;
    }

    private FieldType arraySlice(Element component, ArrayType type) {
        TypeMirror elementType = type.getComponentType();
        if (elementType.getKind() == TypeKind.BYTE) {
            return FieldType.section6(FieldType.Kind.BYTES); // §6: byte[] is bytes, not slice<i8>
        }
        FieldType element = section6Element(elementType);
        if (element != null) {
            return FieldType.slice(element, FieldType.Container.ARRAY, ArrayTypeName.of(element.javaType));
        }
        if (refuseOptionalElement(component, type, elementType)) {
            return null;
        }
        if (elementType.getKind().isPrimitive()) {
            element = fieldType(component, elementType);
        } else if (elementType.getKind() == TypeKind.DECLARED
                && ((DeclaredType) elementType).asElement().getKind() == ElementKind.RECORD) {
            element = declared(component, (DeclaredType) elementType);
        } else {
            return unsupportedElement(component, type, elementType);
        }
        if (element == null) {
            return null;
        }
        return FieldType.slice(element, FieldType.Container.ARRAY, ArrayTypeName.of(element.javaType));
    }

    private FieldType listSlice(Element component, DeclaredType type) {
        if (type.getTypeArguments().size() == 1) {
            FieldType element = section6Element(type.getTypeArguments().get(0));
            if (element != null) {
                return FieldType.slice(element, FieldType.Container.LIST,
                        ParameterizedTypeName.get(ClassName.get(List.class), element.javaType));
            }
            if (refuseOptionalElement(component, type, type.getTypeArguments().get(0))) {
                return null;
            }
        }
        if (type.getTypeArguments().size() != 1
                || type.getTypeArguments().get(0).getKind() != TypeKind.DECLARED) {
            return unsupported(component, type);
        }
        DeclaredType elementType = (DeclaredType) type.getTypeArguments().get(0);
        TypeElement elementElement = (TypeElement) elementType.asElement();
        Scalar scalar = WRAPPERS.get(elementElement.getQualifiedName().toString());
        FieldType element;
        if (scalar != null) {
            element = FieldType.scalar(scalar, ClassName.get(elementElement));
        } else if (elementElement.getKind() == ElementKind.RECORD) {
            element = declared(component, elementType);
            if (element == null) {
                return null;
            }
        } else {
            return unsupportedElement(component, type, elementType);
        }
        return FieldType.slice(element, FieldType.Container.LIST,
                ParameterizedTypeName.get(ClassName.get(List.class), element.javaType));
    }

    private FieldType unsupported(Element component, TypeMirror type) {
        errors.reportError(component, "unsupported Teleport field type " + type + " for "
                + component.getSimpleName() + " (expected: " + SUPPORTED + ")");
        return null;
    }

    private FieldType unsupportedElement(Element component, TypeMirror type,
            TypeMirror elementType) {
        errors.reportError(component, "unsupported slice element type " + elementType + " in "
                + type + " for " + component.getSimpleName()
                + " (expected: a primitive, its wrapper in a List, a @Teleport record, byte[], Instant,"
                + " LocalDate, UUID or BigDecimal)");
        return null;
    }

    private static String article(ElementKind kind) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }
}
