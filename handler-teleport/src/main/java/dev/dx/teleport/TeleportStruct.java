package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A struct layout built at run time: its fields with their offsets, and the {@link TeleportLayout}
 * (canonical string, size, alignment, fingerprint) a message header carries for it.
 *
 * <p>The layout rules are the annotation processor's (spec §3): fields keep the order they are
 * added in, each at the next multiple of its alignment; the struct is aligned to its largest field
 * alignment (1 if it has none) and sized to a multiple of it. A struct built with the same names
 * and types as a {@code @Teleport} record therefore has the record's canonical string and
 * fingerprint, so messages written through either are the same bytes and readable by the other.
 *
 * <pre>{@code
 * TeleportStruct user = TeleportStruct.builder("User")
 *         .field("id", TeleportFieldType.I64)
 *         .field("name", TeleportFieldType.STRING)
 *         .field("age", TeleportFieldType.I8)
 *         .field("active", TeleportFieldType.BOOL)
 *         .build();
 * int at = writer.begin(user.layout());
 * writer.putLong(at + user.offset("id"), 42);
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class TeleportStruct {

    /**
     * One field: its name, type and byte offset in the struct.
     *
     * @param name the field name
     * @param type the field type
     * @param offset the field's offset from the start of the struct
     */
    public record Field(String name, TeleportFieldType type, int offset) {

        /** {@code name:type@offset}, as the canonical string writes it. */
        public String canonical() {
            return name + ":" + type.canonical() + "@" + offset;
        }
    }

    private final String name;
    private final List<Field> fields;
    private final Map<String, Field> byName;
    private final TeleportLayout layout;

    private TeleportStruct(String name, List<Field> fields, int size, int align) {
        this.name = name;
        this.fields = List.copyOf(fields);
        Map<String, Field> map = new HashMap<>();
        StringBuilder canonical = new StringBuilder("struct ").append(name).append('{');
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            map.put(field.name(), field);
            canonical.append(i == 0 ? "" : ",").append(field.canonical());
        }
        // a HashMap, not Map.copyOf: its lookup masks the hash where the immutable map's divides
        this.byName = map;
        this.layout = TeleportLayout.of(canonical.append("}#").append(size).append(':').append(align)
                .toString(), size, align);
    }

    /**
     * Starts a struct called {@code simpleName} (the name the canonical string carries, as a
     * record's simple name does).
     *
     * @throws IllegalArgumentException if {@code simpleName} is not a Java identifier
     */
    public static Builder builder(String simpleName) {
        return new Builder(checkIdentifier(simpleName, "struct name"));
    }

    /** The struct's simple name. */
    public String name() {
        return name;
    }

    /** The fields in layout order. */
    public List<Field> fields() {
        return fields;
    }

    /**
     * The field called {@code fieldName}.
     *
     * @throws IllegalArgumentException if the struct has no such field
     */
    public Field field(String fieldName) {
        Field field = byName.get(checkNotNull(fieldName, "fieldName"));
        if (field == null) {
            throw new IllegalArgumentException("struct " + name + " has no field " + fieldName
                    + " (fields: " + fieldNames() + ")");
        }
        return field;
    }

    /**
     * The offset of the field called {@code fieldName} from the start of the struct.
     *
     * @throws IllegalArgumentException if the struct has no such field
     */
    public int offset(String fieldName) {
        return field(fieldName).offset();
    }

    /** Canonical string, size, alignment and fingerprint. */
    public TeleportLayout layout() {
        return layout;
    }

    private List<String> fieldNames() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field field : fields) {
            names.add(field.name());
        }
        return names;
    }

    @Override
    public String toString() {
        return layout.canonical();
    }

    /** Returns {@code value} if it is a Java identifier, else throws naming {@code what}. */
    static String checkIdentifier(String value, String what) {
        checkNotNull(value, what);
        boolean ok = !value.isEmpty();
        for (int i = 0; ok && i < value.length(); ) {
            int c = value.codePointAt(i);
            ok = i == 0 ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c);
            i += Character.charCount(c);
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " : \"" + value
                    + "\" (expected: a Java identifier, as the canonical layout string names it)");
        }
        return value;
    }

    /** Adds fields in layout order; {@link #build()} computes the struct. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private final List<Field> fields = new ArrayList<>();
        private final Map<String, Field> byName = new HashMap<>();
        private int end;
        private int align = 1;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Appends a field at the next multiple of its type's alignment.
         *
         * @throws IllegalArgumentException if {@code fieldName} is not a Java identifier or is
         *         already a field of this struct
         */
        public Builder field(String fieldName, TeleportFieldType type) {
            checkIdentifier(fieldName, "field name");
            checkNotNull(type, "type");
            if (byName.containsKey(fieldName)) {
                throw new IllegalArgumentException("field name : " + fieldName
                        + " (already a field of struct " + name + ")");
            }
            // a nested struct's canonical string is longer than its size, so sizes stay far from
            // overflowing an int; addExact only guards the arithmetic
            int offset = alignUp(end, type.align());
            Field field = new Field(fieldName, type, offset);
            fields.add(field);
            byName.put(fieldName, field);
            end = Math.addExact(offset, type.size());
            align = Math.max(align, type.align());
            return this;
        }

        /** The struct of the fields added so far. */
        public TeleportStruct build() {
            return new TeleportStruct(name, fields, alignUp(end, align), align);
        }

        private static int alignUp(int offset, int align) {
            return (offset + align - 1) & -align;
        }
    }
}
