package dev.dx.teleport.processor;

import java.util.List;
import java.util.Locale;

/** Names of generated members. */
final class Names {

    private Names() {
    }

    /** {@code homeAddress} → {@code HOME_ADDRESS}, {@code urlPath2} → {@code URL_PATH2}. */
    static String constantPrefix(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextLower)) {
                    sb.append('_');
                }
            }
            sb.append(c);
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** The presence test of an optional field: {@code maybeId} → {@code hasMaybeId}. */
    static String presence(String name) {
        return "has" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The view methods a field gets, as {@code name(parameter types)}. */
    static List<String> viewMethods(String name, FieldType type) {
        switch (type.kind) {
            case STRING:
                return List.of(name + "()", name + "Bytes()", name + "Length()",
                        name + "Equals(CharSequence)", name + "Equals(ByteBuf)");
            case SLICE:
                return List.of(name + "Count()", name + "(int)");
            case BYTES:
                return List.of(name + "()", name + "Slice()", name + "Length()");
            case TIMESTAMP:
                return List.of(name + "()", name + "Micros()");
            case DATE:
                return List.of(name + "()", name + "EpochDay()");
            case UUID:
                return List.of(name + "()", name + "High()", name + "Low()");
            case OPTIONAL:
                if (type.element.kind == FieldType.Kind.SCALAR) {
                    return List.of(name + "()", presence(name) + "()",
                            name + "Or(" + type.element.scalar.javaType + ")");
                }
                return List.of(name + "()", presence(name) + "()");
            default:
                return List.of(name + "()");
        }
    }
}
