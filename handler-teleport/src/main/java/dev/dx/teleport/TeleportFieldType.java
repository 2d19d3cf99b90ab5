package dev.dx.teleport;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

/**
 * The Teleport/1 type of one struct field or slice element, known at run time: its size, alignment
 * and name in the canonical layout string (spec §2 and §4). {@link TeleportStruct.Builder} lays
 * fields of these types out as the annotation processor lays out a record's components, for
 * layouts that are only known when the program runs (the columns of a query result, say).
 *
 * <p>Scalars are constants; strings, enums, slices and nested structs are made by the factory
 * methods. Instances are immutable and compare equal when their canonical names (and, for enums,
 * their numbers of constants) are equal.
 */
public final class TeleportFieldType {

    /** What a field holds. */
    public enum Kind {
        /** A fixed-size number or bool. */
        SCALAR,
        /** A string reference (offset, length) into the string table. */
        STRING,
        /** An enum ordinal, u8 or u16. */
        ENUM,
        /** A slice reference (offset, count) into the data section. */
        SLICE,
        /** A struct stored inline. */
        STRUCT
    }

    /** {@code bool}: 0 or 1. */
    public static final TeleportFieldType BOOL = scalar("bool", 1);
    /** {@code i8}. */
    public static final TeleportFieldType I8 = scalar("i8", 1);
    /** {@code u8}. */
    public static final TeleportFieldType U8 = scalar("u8", 1);
    /** {@code i16}. */
    public static final TeleportFieldType I16 = scalar("i16", 2);
    /** {@code u16} (a Java {@code char}). */
    public static final TeleportFieldType U16 = scalar("u16", 2);
    /** {@code i32}. */
    public static final TeleportFieldType I32 = scalar("i32", 4);
    /** {@code u32}. */
    public static final TeleportFieldType U32 = scalar("u32", 4);
    /** {@code i64}. */
    public static final TeleportFieldType I64 = scalar("i64", 8);
    /** {@code u64}. */
    public static final TeleportFieldType U64 = scalar("u64", 8);
    /** {@code f32}. */
    public static final TeleportFieldType F32 = scalar("f32", 4);
    /** {@code f64}. */
    public static final TeleportFieldType F64 = scalar("f64", 8);
    /** {@code string}: a reference into the string table, 8 bytes aligned to 4. */
    public static final TeleportFieldType STRING =
            new TeleportFieldType(Kind.STRING, "string", 8, 4, null, null, 0);

    /** The most constants an enum may have (a u16 ordinal). */
    public static final int MAX_ENUM_CONSTANTS = 1 << 16;

    private final Kind kind;
    private final String canonical;
    private final int size;
    private final int align;
    private final TeleportFieldType element;
    private final TeleportStruct struct;
    private final int constants;

    private TeleportFieldType(Kind kind, String canonical, int size, int align, TeleportFieldType element,
            TeleportStruct struct, int constants) {
        this.kind = kind;
        this.canonical = canonical;
        this.size = size;
        this.align = align;
        this.element = element;
        this.struct = struct;
        this.constants = constants;
    }

    private static TeleportFieldType scalar(String name, int size) {
        return new TeleportFieldType(Kind.SCALAR, name, size, size, null, null, 0);
    }

    /**
     * An enum called {@code simpleName} with {@code constants} constants: a u8 ordinal when there
     * are at most 256, else a u16 ({@code enum<Name>:u8} or {@code enum<Name>:u16}).
     *
     * @throws IllegalArgumentException if {@code simpleName} is not a Java identifier or
     *         {@code constants} is not in 1..{@value #MAX_ENUM_CONSTANTS}
     */
    public static TeleportFieldType enumOf(String simpleName, int constants) {
        TeleportStruct.checkIdentifier(simpleName, "enum name");
        checkInRange(constants, 1, MAX_ENUM_CONSTANTS, "constants");
        int size = constants <= 256 ? 1 : 2;
        return new TeleportFieldType(Kind.ENUM,
                "enum<" + simpleName + ">:" + (size == 1 ? "u8" : "u16"), size, size, null, null, constants);
    }

    /**
     * A slice of {@code element}s: a reference into the data section, 8 bytes aligned to 4. As for
     * records, elements are scalars or structs.
     *
     * @throws IllegalArgumentException if {@code element} is a string, an enum or a slice
     */
    public static TeleportFieldType sliceOf(TeleportFieldType element) {
        checkNotNull(element, "element");
        if (element.kind != Kind.SCALAR && element.kind != Kind.STRUCT) {
            throw new IllegalArgumentException("element : " + element.canonical
                    + " (expected: a scalar or a struct; slices of strings, enums or slices are not supported)");
        }
        return new TeleportFieldType(Kind.SLICE, "slice<" + element.canonical + ">", 8, 4, element, null, 0);
    }

    /** {@code struct} stored inline: its size and alignment, named by its canonical string. */
    public static TeleportFieldType structOf(TeleportStruct struct) {
        checkNotNull(struct, "struct");
        TeleportLayout layout = struct.layout();
        return new TeleportFieldType(Kind.STRUCT, layout.canonical(), layout.size(), layout.align(), null,
                struct, 0);
    }

    /** What the field holds. */
    public Kind kind() {
        return kind;
    }

    /** Bytes the field takes in its struct (for a slice or string, the 8-byte reference). */
    public int size() {
        return size;
    }

    /** Alignment of the field in its struct: 1, 2, 4 or 8. */
    public int align() {
        return align;
    }

    /** The type as the canonical layout string names it, for example {@code slice<i32>}. */
    public String canonical() {
        return canonical;
    }

    /** For a slice, the element type; otherwise {@code null}. */
    public TeleportFieldType element() {
        return element;
    }

    /** For a struct, its fields and layout; otherwise {@code null}. */
    public TeleportStruct struct() {
        return struct;
    }

    /** For an enum, its number of constants (an ordinal must be below it); otherwise 0. */
    public int constants() {
        return constants;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TeleportFieldType)) {
            return false;
        }
        TeleportFieldType other = (TeleportFieldType) o;
        return other.canonical.equals(canonical) && other.constants == constants;
    }

    @Override
    public int hashCode() {
        return canonical.hashCode() * 31 + constants;
    }

    @Override
    public String toString() {
        return canonical;
    }
}
