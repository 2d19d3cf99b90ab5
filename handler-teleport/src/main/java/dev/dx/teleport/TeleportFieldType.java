package dev.dx.teleport;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import java.util.Objects;

/**
 * The Teleport/1 type of one struct field or slice element, known at run time: its size, alignment
 * and name in the canonical layout string (spec §2 and §4, and the Teleport/1.1 types of §6). {@link TeleportStruct.Builder} lays
 * fields of these types out as the annotation processor lays out a record's components, for
 * layouts that are only known when the program runs (the columns of a query result, say).
 *
 * <p>Scalars, {@code string} and the fixed §6 types ({@code bytes}, {@code timestamp}, {@code date},
 * {@code uuid}, {@code decimal}) are constants; enums, slices, optionals and nested structs are
 * made by the factory methods. Instances are immutable and compare equal when their canonical
 * names (and, for enums, also inside a slice or an optional, their numbers of constants) are equal.
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
        STRUCT,
        /** {@code bytes}: a reference (offset, length) into the string table, any bytes (§6). */
        BYTES,
        /** {@code decimal}: a reference into the string table to plain ASCII decimal text (§6). */
        DECIMAL,
        /** {@code timestamp}: an i64 of microseconds since 1970-01-01T00:00:00Z (§6). */
        TIMESTAMP,
        /** {@code date}: an i32 of days since 1970-01-01 (§6). */
        DATE,
        /** {@code uuid}: 16 bytes, most significant first (§6). */
        UUID,
        /** {@code optional<T>}: a presence byte, then the value at the next multiple of align(T) (§6). */
        OPTIONAL
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

    /** {@code bytes}: like a string reference, 8 bytes aligned to 4, holding any bytes (§6). */
    public static final TeleportFieldType BYTES = fixed(Kind.BYTES, "bytes", 8, 4);
    /** {@code timestamp}: i64 microseconds since the epoch, 8 bytes aligned to 8 (§6). */
    public static final TeleportFieldType TIMESTAMP = fixed(Kind.TIMESTAMP, "timestamp", 8, 8);
    /** {@code date}: i32 days since 1970-01-01, 4 bytes aligned to 4 (§6). */
    public static final TeleportFieldType DATE = fixed(Kind.DATE, "date", 4, 4);
    /** {@code uuid}: 16 bytes in RFC 9562 order (most significant byte first), aligned to 8 (§6). */
    public static final TeleportFieldType UUID = fixed(Kind.UUID, "uuid", 16, 8);
    /**
     * {@code decimal}: like a string reference, 8 bytes aligned to 4, to the plain decimal text
     * {@code -?[0-9]+(\.[0-9]+)?} in ASCII (§6).
     */
    public static final TeleportFieldType DECIMAL = fixed(Kind.DECIMAL, "decimal", 8, 4);

    /**
     * The longest decimal text a writer writes and a reader parses: PostgreSQL's {@code numeric}
     * at its widest (a sign, 131072 digits, a point and 16383 digits). Longer text is refused
     * ({@link TeleportCheck#DECIMAL_TEXT} when read), which bounds the cost of parsing a hostile
     * message's decimal.
     */
    public static final int MAX_DECIMAL_LENGTH = 1 + 131_072 + 1 + 16_383;

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

    private static TeleportFieldType fixed(Kind kind, String name, int size, int align) {
        return new TeleportFieldType(kind, name, size, align, null, null, 0);
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
     * A slice of {@code element}s: a reference into the data section, 8 bytes aligned to 4. Elements
     * are scalars, structs, or the §6 types {@code bytes}, {@code timestamp}, {@code date},
     * {@code uuid} and {@code decimal}.
     *
     * @throws IllegalArgumentException if {@code element} is an optional (§6 forbids slices of
     *         optionals), a string, an enum or a slice
     */
    public static TeleportFieldType sliceOf(TeleportFieldType element) {
        checkNotNull(element, "element");
        if (element.kind == Kind.OPTIONAL) {
            throw new IllegalArgumentException("element : " + element.canonical
                    + " (expected: not an optional; Teleport/1.1 §6 does not allow a slice of optionals)");
        }
        if (element.kind == Kind.STRING || element.kind == Kind.ENUM || element.kind == Kind.SLICE) {
            throw new IllegalArgumentException("element : " + element.canonical
                    + " (expected: a scalar, a struct, bytes, timestamp, date, uuid or decimal;"
                    + " slices of strings, enums or slices are not supported)");
        }
        return new TeleportFieldType(Kind.SLICE, "slice<" + element.canonical + ">", 8, 4, element, null, 0);
    }

    /**
     * {@code optional<value>} (§6): a presence byte (0 or 1) at offset 0 and the value at the next
     * multiple of the value's alignment ({@link #valueOffset()}); aligned like the value and sized
     * to the value's end rounded up to that alignment. For example {@code optional<i32>} is 8 bytes
     * aligned to 4 with its value at 4, and {@code optional<string>} is 12 bytes aligned to 4.
     * When absent, the value bytes are zero.
     *
     * @throws IllegalArgumentException if {@code value} is itself an optional (§6 forbids
     *         {@code optional<optional<T>>})
     */
    public static TeleportFieldType optionalOf(TeleportFieldType value) {
        checkNotNull(value, "value");
        if (value.kind == Kind.OPTIONAL) {
            throw new IllegalArgumentException("value : " + value.canonical
                    + " (expected: not an optional; Teleport/1.1 §6 does not allow optional<optional<T>>)");
        }
        int align = value.align;
        // the presence byte at 0, the value at the first multiple of align after it: align itself
        int size = (align + value.size + align - 1) & -align;
        return new TeleportFieldType(Kind.OPTIONAL, "optional<" + value.canonical + ">", size, align, value,
                null, 0);
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

    /**
     * For a slice, the element type; for an optional, the type of its value; otherwise
     * {@code null}.
     */
    public TeleportFieldType element() {
        return element;
    }

    /**
     * For an optional, the offset of its value from the optional's start (the value's alignment,
     * the first multiple of it after the presence byte); otherwise 0.
     */
    public int valueOffset() {
        return kind == Kind.OPTIONAL ? align : 0;
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
        return other.canonical.equals(canonical) && other.constants == constants
                && Objects.equals(other.element, element);
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
