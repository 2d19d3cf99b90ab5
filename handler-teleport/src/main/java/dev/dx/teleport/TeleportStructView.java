package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.teleport.runtime.TeleportRuntime;

/**
 * Reads a struct whose layout is a {@link TeleportStruct}, field by name: what a generated
 * {@code X_Teleport.View} does for a record known at compile time, for layouts known only at run
 * time (and for logging any message whose struct is at hand: {@link #toString()} prints every
 * field).
 *
 * <p>Reads go through the same checked accessors as generated views ({@link TeleportMessageFlyweight}): a
 * string or slice reference is checked each time it is followed, a bool must be 0 or 1 and an enum
 * ordinal below its number of constants, and a failed check throws a
 * {@link TeleportFormatException} naming it. Nothing is read outside the message. Asking for a
 * field as the wrong type (a string as an integer, say) throws an {@link IllegalArgumentException}
 * naming the field's type.
 *
 * <p>A view is a reusable flyweight: {@link #wrap(TeleportMessage)} points it at a message's root
 * struct. {@link #struct(String)} and {@link #element(String, int)} return a new view of a nested
 * struct or slice element, reading through the same {@link TeleportMessageFlyweight}.
 * {@link #wrap(TeleportMessageFlyweight)} reads through the caller's flyweight and allocates
 * nothing. A view keeps no reference count: it is valid until the message is released (a view
 * over a {@link TeleportMessage} then throws {@link IndexOutOfBoundsException}) or its flyweight
 * is re-wrapped. Not thread-safe.
 */
public final class TeleportStructView {

    private final TeleportStruct struct;
    private TeleportMessageFlyweight message;
    /** Absolute index of the struct in {@link #message}. */
    private int base;
    /** The flyweight {@link #wrap(TeleportMessage)} wraps messages in, made on first use. */
    private TeleportMessageFlyweight own;

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
        TeleportMessageFlyweight m = own;
        if (m == null) {
            m = own = new TeleportMessageFlyweight();
        }
        return wrap(m.wrap(message), TeleportRuntime.HEADER_SIZE);
    }

    /**
     * Points this view at the root struct of the message {@code message} wraps, allocating
     * nothing.
     *
     * @return this view
     * @throws TeleportFormatException ({@link TeleportCheck#FINGERPRINT}) if the message's root is
     *         another type
     */
    public TeleportStructView wrap(TeleportMessageFlyweight message) {
        checkNotNull(message, "message");
        message.expect(struct.layout());
        return wrap(message, TeleportRuntime.HEADER_SIZE);
    }

    private TeleportStructView wrap(TeleportMessageFlyweight message, int base) {
        this.message = message;
        this.base = base;
        return this;
    }

    /** A {@code bool} field. */
    public boolean bool(String field) {
        return message().bool(at(field, Kind.BOOL));
    }

    /**
     * An integer field ({@code i8} to {@code u64}) as a {@code long}: signed types sign-extended,
     * {@code u8} to {@code u32} zero-extended, a {@code u64} as its 64 bits.
     */
    public long integer(String field) {
        TeleportStruct.Field f = field(field, Kind.INTEGER);
        return integer(f.type(), base + f.offset());
    }

    /** An {@code f32} or {@code f64} field as a {@code double}. */
    public double real(String field) {
        TeleportStruct.Field f = field(field, Kind.REAL);
        return real(f.type(), base + f.offset());
    }

    /** An enum field's ordinal, checked to be below the enum's number of constants. */
    public int ordinal(String field) {
        TeleportStruct.Field f = field(field, Kind.ENUM);
        int at = base + f.offset();
        int ordinal = f.type().size() == 1 ? message().u8(at) : message().u16(at);
        return TeleportMessageFlyweight.ordinal(ordinal, f.type().constants());
    }

    /** A string field, decoded. */
    public String string(String field) {
        return message().string(at(field, Kind.STRING));
    }

    /** Whether a string field equals {@code value}, compared in place without decoding. */
    public boolean stringEquals(String field, CharSequence value) {
        checkNotNull(value, "value");
        return message().stringEquals(at(field, Kind.STRING), value);
    }

    /** The number of elements of a slice field. */
    public int count(String field) {
        return TeleportMessageFlyweight.refLength(sliceRef(field(field, Kind.SLICE)));
    }

    /** A new view of a nested struct field. */
    public TeleportStructView struct(String field) {
        TeleportStruct.Field f = field(field, Kind.STRUCT);
        return new TeleportStructView(f.type().struct()).wrap(message(), base + f.offset());
    }

    /**
     * A new view of element {@code index} of a slice of structs.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below the slice's count
     */
    public TeleportStructView element(String field, int index) {
        TeleportStruct.Field f = field(field, Kind.SLICE);
        int at = elementAt(f, Kind.STRUCT, index);
        return new TeleportStructView(f.type().element().struct()).wrap(message(), at);
    }

    /** Element {@code index} of a slice of {@code bool}. */
    public boolean bool(String field, int index) {
        int at = elementAt(field(field, Kind.SLICE), Kind.BOOL, index);
        return message().bool(at);
    }

    /** Element {@code index} of a slice of integers, widened as {@link #integer(String)} does. */
    public long integer(String field, int index) {
        TeleportStruct.Field f = field(field, Kind.SLICE);
        return integer(f.type().element(), elementAt(f, Kind.INTEGER, index));
    }

    /** Element {@code index} of a slice of {@code f32} or {@code f64}, as a {@code double}. */
    public double real(String field, int index) {
        TeleportStruct.Field f = field(field, Kind.SLICE);
        return real(f.type().element(), elementAt(f, Kind.REAL, index));
    }

    /**
     * Every field, as {@code Name{field=value, ...}}: strings quoted, enums as their ordinal,
     * slices in brackets, nested structs in braces. A message that fails a check prints what was
     * read before it and then the failure, instead of throwing.
     */
    @Override
    public String toString() {
        if (message == null) {
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
            appendField(out, f);
        }
        out.append('}');
    }

    private void appendField(StringBuilder out, TeleportStruct.Field f) {
        String name = f.name();
        switch (Kind.of(f.type())) {
            case ENUM -> out.append(ordinal(name));
            case STRING -> out.append('"').append(string(name)).append('"');
            case STRUCT -> struct(name).append(out);
            case SLICE -> appendSlice(out, f);
            default -> appendScalar(out, f.type(), base + f.offset());
        }
    }

    private void appendSlice(StringBuilder out, TeleportStruct.Field f) {
        TeleportFieldType element = f.type().element();
        long ref = sliceRef(f);
        out.append('[');
        for (int i = 0, n = TeleportMessageFlyweight.refLength(ref); i < n; i++) {
            out.append(i == 0 ? "" : ", ");
            int at = TeleportMessageFlyweight.element(ref, element.size(), i);
            if (element.kind() == TeleportFieldType.Kind.STRUCT) {
                new TeleportStructView(element.struct()).wrap(message(), at).append(out);
            } else {
                appendScalar(out, element, at);
            }
        }
        out.append(']');
    }

    /** A bool, integer (a {@code u64} unsigned) or real at absolute index {@code at}. */
    private void appendScalar(StringBuilder out, TeleportFieldType type, int at) {
        switch (Kind.of(type)) {
            case BOOL -> out.append(message().bool(at));
            case REAL -> out.append(type == TeleportFieldType.F32 ? Float.toString((float) real(type, at))
                    : Double.toString(real(type, at)));
            default -> out.append(type == TeleportFieldType.U64 ? Long.toUnsignedString(integer(type, at))
                    : Long.toString(integer(type, at)));
        }
    }

    /** What a field may be read as. */
    private enum Kind {
        BOOL, INTEGER, REAL, ENUM, STRING, SLICE, STRUCT;

        static Kind of(TeleportFieldType type) {
            return switch (type.kind()) {
                case STRING -> STRING;
                case ENUM -> ENUM;
                case SLICE -> SLICE;
                case STRUCT -> STRUCT;
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
            };
        }
    }

    private TeleportMessageFlyweight message() {
        TeleportMessageFlyweight m = message;
        if (m == null) {
            throw new IllegalStateException("view of " + struct.name() + " not wrapped: call wrap() first");
        }
        return m;
    }

    private TeleportStruct.Field field(String name, Kind kind) {
        TeleportStruct.Field f = struct.field(name);
        if (Kind.of(f.type()) != kind) {
            throw new IllegalArgumentException("field " + name + " of struct " + struct.name() + " is "
                    + f.type().canonical() + ", not " + kind.description());
        }
        return f;
    }

    private int at(String name, Kind kind) {
        return base + field(name, kind).offset();
    }

    private void requireElement(TeleportStruct.Field f, TeleportFieldType element, Kind kind) {
        if (Kind.of(element) != kind) {
            throw new IllegalArgumentException("field " + f.name() + " of struct " + struct.name() + " is "
                    + f.type().canonical() + ", not a slice of " + kind.description().replaceFirst("^an? ", "")
                    + " elements");
        }
    }

    private long sliceRef(TeleportStruct.Field f) {
        TeleportFieldType element = f.type().element();
        return message().sliceRef(base + f.offset(), element.size(), element.align());
    }

    /** The absolute index of element {@code index} of slice field {@code f}, whose elements are {@code kind}. */
    private int elementAt(TeleportStruct.Field f, Kind kind, int index) {
        TeleportFieldType element = f.type().element();
        requireElement(f, element, kind);
        return TeleportMessageFlyweight.element(sliceRef(f), element.size(), index);
    }

    private long integer(TeleportFieldType type, int at) {
        TeleportMessageFlyweight m = message();
        // by size, then the one unsigned constant of that size (the scalars are singletons)
        return switch (type.size()) {
            case 1 -> type == TeleportFieldType.U8 ? m.u8(at) : m.i8(at);
            case 2 -> type == TeleportFieldType.U16 ? m.u16(at) : m.i16(at);
            case 4 -> type == TeleportFieldType.U32 ? m.i32(at) & 0xffffffffL : m.i32(at);
            default -> m.i64(at);
        };
    }

    private double real(TeleportFieldType type, int at) {
        return type == TeleportFieldType.F32 ? message().f32(at) : message().f64(at);
    }
}
