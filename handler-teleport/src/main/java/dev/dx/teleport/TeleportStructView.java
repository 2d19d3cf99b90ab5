package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Reads a struct whose layout is a {@link TeleportStruct}, field by name: what a generated
 * {@code X_Teleport.View} does for a record known at compile time, for layouts known only at run
 * time (and for logging any message whose struct is at hand: {@link #toString()} prints every
 * field).
 *
 * <p>Reads go through the same checked accessors as generated views ({@link TeleportAccess}): a
 * string or slice reference is checked each time it is followed, a bool must be 0 or 1 and an enum
 * ordinal below its number of constants, and a failed check throws a
 * {@link TeleportFormatException} naming it. Nothing is read outside the message. Asking for a
 * field as the wrong type (a string as an integer, say) throws an {@link IllegalArgumentException}
 * naming the field's type.
 *
 * <p>The Teleport/1.1 types of §6 have their own reads: {@link #bytes(String)} (or, without a copy,
 * {@link #bytesSlice(String)}), {@link #timestamp(String)}, {@link #date(String)},
 * {@link #uuid(String)} and {@link #decimal(String)}, each also for slice elements and, where the
 * value fits a primitive, as one ({@link #timestampMicros(String)}, {@link #epochDay(String)},
 * {@link #uuidHigh(String)}, {@link #uuidLow(String)}), which allocates nothing. Their checks name
 * the field: a reference into the string table past S, decimal text that is not
 * {@code -?[0-9]+(\.[0-9]+)?} ({@link TeleportCheck#DECIMAL_TEXT}).
 *
 * <p>An {@code optional<T>} field is read with the same method as a {@code T} field. Ask
 * {@link #isPresent(String)} first: reading an absent value throws {@link NoSuchElementException}.
 * {@link #boolOr}, {@link #integerOr} and {@link #realOr} return a default instead. Each read of
 * an optional checks its presence byte ({@link TeleportCheck#PRESENCE_VALUE} unless 0 or 1), and
 * none allocates when the value is absent.
 *
 * <p>A view is a reusable flyweight: {@link #wrap(TeleportMessage)} points it at a message's root
 * struct. {@link #struct(String)} and {@link #element(String, int)} return a new view of a nested
 * struct or slice element. A view keeps no reference count: it is valid until the message is
 * released, after which reads throw {@link IndexOutOfBoundsException}. Not thread-safe.
 */
public final class TeleportStructView {

    private static final int HEADER_SIZE = TeleportMessage.HEADER_SIZE;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final TeleportStruct struct;
    private TeleportMessage message;
    private ByteBuffer memory;
    /** Absolute index of the struct in {@link #memory}. */
    private int base;
    private int dataLength;
    private int stringLength;

    /** A view of structs laid out as {@code struct}; {@link #wrap} it before reading. */
    public TeleportStructView(TeleportStruct struct) {
        this.struct = checkNotNull(struct, "struct");
    }

    /** The struct this view reads. */
    public TeleportStruct struct() {
        return struct;
    }

    /**
     * Points this view at the root struct of {@code message}.
     *
     * @return this view
     * @throws TeleportFormatException ({@link TeleportCheck#FINGERPRINT}) if the message's root is
     *         another type
     */
    public TeleportStructView wrap(TeleportMessage message) {
        checkNotNull(message, "message");
        message.expect(struct.layout());
        return wrap(message, message.memory(), HEADER_SIZE, message.dataLength(), message.stringLength());
    }

    private TeleportStructView wrap(TeleportMessage message, ByteBuffer memory, int base, int dataLength,
            int stringLength) {
        this.message = message;
        this.memory = memory;
        this.base = base;
        this.dataLength = dataLength;
        this.stringLength = stringLength;
        return this;
    }

    /** A new view of the struct at absolute index {@code at} of this view's message. */
    private TeleportStructView nested(TeleportStruct nested, int at) {
        return new TeleportStructView(nested).wrap(message, memory(), at, dataLength, stringLength);
    }

    /** A {@code bool} field. */
    public boolean bool(String field) {
        return TeleportAccess.bool(memory(), valueAt(field(field, Kind.BOOL)));
    }

    /**
     * An integer field ({@code i8} to {@code u64}) as a {@code long}: signed types sign-extended,
     * {@code u8} to {@code u32} zero-extended, a {@code u64} as its 64 bits.
     */
    public long integer(String field) {
        TeleportStruct.Field f = field(field, Kind.INTEGER);
        return integer(valueType(f), valueAt(f));
    }

    /** An {@code f32} or {@code f64} field as a {@code double}. */
    public double real(String field) {
        TeleportStruct.Field f = field(field, Kind.REAL);
        return real(valueType(f), valueAt(f));
    }

    /** An enum field's ordinal, checked to be below the enum's number of constants. */
    public int ordinal(String field) {
        TeleportStruct.Field f = field(field, Kind.ENUM);
        return ordinal(valueType(f), valueAt(f));
    }

    /** A string field, decoded. */
    public String string(String field) {
        return TeleportAccess.string(memory(), valueAt(field(field, Kind.STRING)), dataLength, stringLength);
    }

    /** Whether a string field equals {@code value}, compared in place without decoding. */
    public boolean stringEquals(String field, CharSequence value) {
        checkNotNull(value, "value");
        return TeleportAccess.stringEquals(memory(), valueAt(field(field, Kind.STRING)), dataLength,
                stringLength, value);
    }

    /**
     * Whether the {@code optional<T>} field has a value.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#PRESENCE_VALUE}) if its presence byte
     *         is neither 0 nor 1
     * @throws IllegalArgumentException if the field is not an optional
     */
    public boolean isPresent(String field) {
        TeleportStruct.Field f = field(field, Kind.OPTIONAL);
        return TeleportValues.present(memory(), base + f.offset(), struct, field);
    }

    /** An optional {@code bool} field's value, or {@code absent} when it has none. */
    public boolean boolOr(String field, boolean absent) {
        TeleportStruct.Field f = field(field, Kind.BOOL);
        return isAbsent(f) ? absent : TeleportAccess.bool(memory(), valueAt(f));
    }

    /** An optional integer field's value, widened as {@link #integer(String)} does, or {@code absent}. */
    public long integerOr(String field, long absent) {
        TeleportStruct.Field f = field(field, Kind.INTEGER);
        return isAbsent(f) ? absent : integer(valueType(f), valueAt(f));
    }

    /** An optional {@code f32} or {@code f64} field's value, or {@code absent} when it has none. */
    public double realOr(String field, double absent) {
        TeleportStruct.Field f = field(field, Kind.REAL);
        return isAbsent(f) ? absent : real(valueType(f), valueAt(f));
    }

    /** A {@code bytes} field: a copy of its bytes. */
    public byte[] bytes(String field) {
        TeleportStruct.Field f = field(field, Kind.BYTES);
        return TeleportValues.bytes(memory(), tableRef(valueAt(f), field, -1), dataLength);
    }

    /**
     * A {@code bytes} field without a copy: a slice of the message's buffer, not retained, valid
     * until the message is released; its indexes are its own.
     */
    public ByteBuf bytesSlice(String field) {
        TeleportStruct.Field f = field(field, Kind.BYTES);
        return slice(tableRef(valueAt(f), field, -1));
    }

    /** A {@code decimal} field, parsed from its checked text. */
    public BigDecimal decimal(String field) {
        TeleportStruct.Field f = field(field, Kind.DECIMAL);
        return TeleportValues.decimal(decimalChars(valueAt(f), field, -1));
    }

    /** A {@code decimal} field's text, checked to be {@code -?[0-9]+(\.[0-9]+)?}. */
    public String decimalText(String field) {
        TeleportStruct.Field f = field(field, Kind.DECIMAL);
        return new String(decimalChars(valueAt(f), field, -1));
    }

    /** A {@code timestamp} field. */
    public Instant timestamp(String field) {
        return TeleportValues.instant(timestampMicros(field));
    }

    /** A {@code timestamp} field as microseconds since 1970-01-01T00:00:00Z. */
    public long timestampMicros(String field) {
        return TeleportAccess.i64(memory(), valueAt(field(field, Kind.TIMESTAMP)));
    }

    /** A {@code date} field. */
    public LocalDate date(String field) {
        return LocalDate.ofEpochDay(epochDay(field));
    }

    /** A {@code date} field as days since 1970-01-01. */
    public int epochDay(String field) {
        return TeleportAccess.i32(memory(), valueAt(field(field, Kind.DATE)));
    }

    /** A {@code uuid} field. */
    public UUID uuid(String field) {
        return TeleportValues.uuid(memory(), valueAt(field(field, Kind.UUID)));
    }

    /** A {@code uuid} field's most significant 64 bits ({@link UUID#getMostSignificantBits()}). */
    public long uuidHigh(String field) {
        return TeleportValues.uuidHigh(memory(), valueAt(field(field, Kind.UUID)));
    }

    /** A {@code uuid} field's least significant 64 bits ({@link UUID#getLeastSignificantBits()}). */
    public long uuidLow(String field) {
        return TeleportValues.uuidLow(memory(), valueAt(field(field, Kind.UUID)));
    }

    /** The number of elements of a slice field. */
    public int count(String field) {
        return TeleportAccess.refLength(sliceRef(field(field, Kind.SLICE)));
    }

    /** A new view of a nested struct field. */
    public TeleportStructView struct(String field) {
        TeleportStruct.Field f = field(field, Kind.STRUCT);
        return nested(valueType(f).struct(), valueAt(f));
    }

    /**
     * A new view of element {@code index} of a slice of structs.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below the slice's count
     */
    public TeleportStructView element(String field, int index) {
        TeleportStruct.Field f = field(field, Kind.SLICE);
        int at = elementAt(f, Kind.STRUCT, index);
        return nested(valueType(f).element().struct(), at);
    }

    /** Element {@code index} of a slice of {@code bool}. */
    public boolean bool(String field, int index) {
        int at = elementAt(field(field, Kind.SLICE), Kind.BOOL, index);
        return TeleportAccess.bool(memory(), at);
    }

    /** Element {@code index} of a slice of integers, widened as {@link #integer(String)} does. */
    public long integer(String field, int index) {
        TeleportStruct.Field f = field(field, Kind.SLICE);
        return integer(valueType(f).element(), elementAt(f, Kind.INTEGER, index));
    }

    /** Element {@code index} of a slice of {@code f32} or {@code f64}, as a {@code double}. */
    public double real(String field, int index) {
        TeleportStruct.Field f = field(field, Kind.SLICE);
        return real(valueType(f).element(), elementAt(f, Kind.REAL, index));
    }

    /** Element {@code index} of a slice of {@code bytes}: a copy. */
    public byte[] bytes(String field, int index) {
        int at = elementAt(field(field, Kind.SLICE), Kind.BYTES, index);
        return TeleportValues.bytes(memory(), tableRef(at, field, index), dataLength);
    }

    /** Element {@code index} of a slice of {@code bytes}, as {@link #bytesSlice(String)} reads a field. */
    public ByteBuf bytesSlice(String field, int index) {
        int at = elementAt(field(field, Kind.SLICE), Kind.BYTES, index);
        return slice(tableRef(at, field, index));
    }

    /** Element {@code index} of a slice of {@code decimal}. */
    public BigDecimal decimal(String field, int index) {
        int at = elementAt(field(field, Kind.SLICE), Kind.DECIMAL, index);
        return TeleportValues.decimal(decimalChars(at, field, index));
    }

    /** Element {@code index} of a slice of {@code timestamp}. */
    public Instant timestamp(String field, int index) {
        return TeleportValues.instant(timestampMicros(field, index));
    }

    /** Element {@code index} of a slice of {@code timestamp}, in microseconds since the epoch. */
    public long timestampMicros(String field, int index) {
        return TeleportAccess.i64(memory(), elementAt(field(field, Kind.SLICE), Kind.TIMESTAMP, index));
    }

    /** Element {@code index} of a slice of {@code date}. */
    public LocalDate date(String field, int index) {
        return LocalDate.ofEpochDay(epochDay(field, index));
    }

    /** Element {@code index} of a slice of {@code date}, in days since 1970-01-01. */
    public int epochDay(String field, int index) {
        return TeleportAccess.i32(memory(), elementAt(field(field, Kind.SLICE), Kind.DATE, index));
    }

    /** Element {@code index} of a slice of {@code uuid}. */
    public UUID uuid(String field, int index) {
        return TeleportValues.uuid(memory(), elementAt(field(field, Kind.SLICE), Kind.UUID, index));
    }

    /**
     * Every field, as {@code Name{field=value, ...}}: strings quoted, enums as their ordinal,
     * slices in brackets, nested structs in braces, {@code bytes} as {@code 0x} and hex, decimals,
     * timestamps, dates and uuids as their text, an absent optional as {@code null}. A message that
     * fails a check prints what was read before it and then the failure, instead of throwing.
     */
    @Override
    public String toString() {
        if (memory == null) {
            return struct.name() + "{(not wrapped)}";
        }
        StringBuilder out = new StringBuilder();
        try {
            append(out);
        } catch (RuntimeException e) {
            out.append(" (unreadable: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private void append(StringBuilder out) {
        out.append(struct.name()).append('{');
        for (int i = 0; i < struct.fields().size(); i++) {
            TeleportStruct.Field f = struct.fields().get(i);
            out.append(i == 0 ? "" : ", ").append(f.name()).append('=');
            if (isAbsent(f)) {
                out.append("null");
            } else {
                appendValue(out, valueType(f), valueAt(f), f.name(), -1);
            }
        }
        out.append('}');
    }

    /**
     * Appends the value of {@code type} at absolute index {@code at}: field {@code name}, or its
     * element {@code index} when that is not -1.
     */
    private void appendValue(StringBuilder out, TeleportFieldType type, int at, String name, int index) {
        switch (Kind.of(type)) {
            case ENUM -> out.append(ordinal(type, at));
            case STRING -> out.append('"').append(TeleportAccess.string(memory(), at, dataLength, stringLength))
                    .append('"');
            case STRUCT -> nested(type.struct(), at).append(out);
            case SLICE -> appendSlice(out, type.element(), at, name);
            case BYTES -> appendHex(out, tableRef(at, name, index));
            case DECIMAL -> out.append(decimalChars(at, name, index));
            case TIMESTAMP -> out.append(TeleportValues.instant(TeleportAccess.i64(memory(), at)));
            case DATE -> out.append(LocalDate.ofEpochDay(TeleportAccess.i32(memory(), at)));
            case UUID -> out.append(TeleportValues.uuid(memory(), at));
            case BOOL -> out.append(TeleportAccess.bool(memory(), at));
            case REAL -> out.append(type == TeleportFieldType.F32 ? Float.toString((float) real(type, at))
                    : Double.toString(real(type, at)));
            case INTEGER -> out.append(type == TeleportFieldType.U64 ? Long.toUnsignedString(integer(type, at))
                    : Long.toString(integer(type, at)));
            default -> throw new IllegalStateException("no value kind: " + type);
        }
    }

    private void appendSlice(StringBuilder out, TeleportFieldType element, int refIndex, String name) {
        long ref = TeleportAccess.sliceRef(memory(), refIndex, dataLength, element.size(), element.align());
        out.append('[');
        for (int i = 0, n = TeleportAccess.refLength(ref); i < n; i++) {
            out.append(i == 0 ? "" : ", ");
            appendValue(out, element, TeleportAccess.element(ref, element.size(), i), name, i);
        }
        out.append(']');
    }

    private void appendHex(StringBuilder out, long ref) {
        ByteBuffer m = memory();
        out.append("0x");
        for (int i = TeleportValues.tableIndex(ref, dataLength), end = i + TeleportValues.tableLength(ref);
                i < end; i++) {
            int b = m.get(i) & 0xff;
            out.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
        }
    }

    /** What a field's value may be read as. */
    private enum Kind {
        BOOL, INTEGER, REAL, ENUM, STRING, SLICE, STRUCT, BYTES, DECIMAL, TIMESTAMP, DATE, UUID, OPTIONAL;

        static Kind of(TeleportFieldType type) {
            return switch (type.kind()) {
                case STRING -> STRING;
                case ENUM -> ENUM;
                case SLICE -> SLICE;
                case STRUCT -> STRUCT;
                case BYTES -> BYTES;
                case DECIMAL -> DECIMAL;
                case TIMESTAMP -> TIMESTAMP;
                case DATE -> DATE;
                case UUID -> UUID;
                case OPTIONAL -> OPTIONAL;
                case SCALAR -> type == TeleportFieldType.BOOL ? BOOL
                        : type == TeleportFieldType.F32 || type == TeleportFieldType.F64 ? REAL : INTEGER;
            };
        }

        String description() {
            return switch (this) {
                case BOOL -> "a bool";
                case INTEGER -> "an integer";
                case REAL -> "an f32 or f64";
                case ENUM -> "an enum";
                case STRING -> "a string";
                case SLICE -> "a slice";
                case STRUCT -> "a struct";
                case BYTES -> "bytes";
                case DECIMAL -> "a decimal";
                case TIMESTAMP -> "a timestamp";
                case DATE -> "a date";
                case UUID -> "a uuid";
                case OPTIONAL -> "an optional";
            };
        }
    }

    private ByteBuffer memory() {
        ByteBuffer m = memory;
        if (m == null) {
            throw new IllegalStateException("view of " + struct.name() + " not wrapped: call wrap() first");
        }
        return m;
    }

    /**
     * The field called {@code name}, whose value (an optional's own, for an optional other than
     * when {@code kind} is {@link Kind#OPTIONAL}) is read as {@code kind}.
     */
    private TeleportStruct.Field field(String name, Kind kind) {
        TeleportStruct.Field f = struct.field(name);
        TeleportFieldType type = f.type();
        Kind actual = Kind.of(type);
        if (actual != kind && (actual != Kind.OPTIONAL || Kind.of(type.element()) != kind)) {
            throw new IllegalArgumentException("field " + name + " of struct " + struct.name() + " is "
                    + type.canonical() + ", not " + kind.description());
        }
        return f;
    }

    /** The type of {@code f}'s value: its type, or an optional's value type. */
    private static TeleportFieldType valueType(TeleportStruct.Field f) {
        TeleportFieldType type = f.type();
        return type.kind() == TeleportFieldType.Kind.OPTIONAL ? type.element() : type;
    }

    /** Whether {@code f} is an optional without a value (its presence byte checked). */
    private boolean isAbsent(TeleportStruct.Field f) {
        return f.type().kind() == TeleportFieldType.Kind.OPTIONAL
                && !TeleportValues.present(memory(), base + f.offset(), struct, f.name());
    }

    /**
     * The absolute index of {@code f}'s value.
     *
     * @throws NoSuchElementException if {@code f} is an absent optional
     */
    private int valueAt(TeleportStruct.Field f) {
        int at = base + f.offset();
        TeleportFieldType type = f.type();
        if (type.kind() != TeleportFieldType.Kind.OPTIONAL) {
            return at;
        }
        if (!TeleportValues.present(memory(), at, struct, f.name())) {
            throw new NoSuchElementException("field " + f.name() + " of struct " + struct.name()
                    + " is absent (" + type.canonical() + "; ask isPresent first)");
        }
        return at + type.valueOffset();
    }

    private void requireElement(TeleportStruct.Field f, TeleportFieldType element, Kind kind) {
        if (Kind.of(element) != kind) {
            throw new IllegalArgumentException("field " + f.name() + " of struct " + struct.name() + " is "
                    + f.type().canonical() + ", not a slice of " + kind.description().replaceFirst("^an? ", "")
                    + " elements");
        }
    }

    private long sliceRef(TeleportStruct.Field f) {
        TeleportFieldType element = valueType(f).element();
        return TeleportAccess.sliceRef(memory(), valueAt(f), dataLength, element.size(), element.align());
    }

    /** The absolute index of element {@code index} of slice field {@code f}, whose elements are {@code kind}. */
    private int elementAt(TeleportStruct.Field f, Kind kind, int index) {
        TeleportFieldType element = valueType(f).element();
        requireElement(f, element, kind);
        return TeleportAccess.element(sliceRef(f), element.size(), index);
    }

    /** The checked reference to a {@code bytes} or {@code decimal} value whose reference is at {@code at}. */
    private long tableRef(int at, String field, int index) {
        return TeleportValues.tableRef(memory(), at, stringLength, struct, field, index);
    }

    private char[] decimalChars(int at, String field, int index) {
        long ref = tableRef(at, field, index);
        return TeleportValues.decimalChars(memory(), ref, dataLength, struct, field, index);
    }

    /** A slice of the message's buffer over the bytes of a checked table reference. */
    private ByteBuf slice(long ref) {
        memory(); // not wrapped: the same error as every other read
        return message.content().slice(TeleportValues.tableIndex(ref, dataLength), TeleportValues.tableLength(ref));
    }

    private int ordinal(TeleportFieldType type, int at) {
        int ordinal = type.size() == 1 ? TeleportAccess.u8(memory(), at) : TeleportAccess.u16(memory(), at);
        return TeleportAccess.ordinal(ordinal, type.constants());
    }

    private long integer(TeleportFieldType type, int at) {
        ByteBuffer m = memory();
        // by size, then the one unsigned constant of that size (the scalars are singletons)
        return switch (type.size()) {
            case 1 -> type == TeleportFieldType.U8 ? TeleportAccess.u8(m, at) : TeleportAccess.i8(m, at);
            case 2 -> type == TeleportFieldType.U16 ? TeleportAccess.u16(m, at) : TeleportAccess.i16(m, at);
            case 4 -> type == TeleportFieldType.U32 ? TeleportAccess.i32(m, at) & 0xffffffffL : TeleportAccess.i32(m, at);
            default -> TeleportAccess.i64(m, at);
        };
    }

    private double real(TeleportFieldType type, int at) {
        return type == TeleportFieldType.F32 ? TeleportAccess.f32(memory(), at) : TeleportAccess.f64(memory(), at);
    }
}
