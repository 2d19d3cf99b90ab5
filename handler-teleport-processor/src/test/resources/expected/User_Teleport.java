package test;

import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * Teleport/1 layout, flyweight view and codec of {@link User}, generated from its components.
 *
 * <p>Canonical layout: {@code struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8}
 */
@Generated("dev.dx.teleport.processor.TeleportProcessor")
public final class User_Teleport {
    /**
     * The canonical layout string (§4).
     */
    public static final String CANONICAL = "struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8";

    /**
     * Size of the struct in bytes.
     */
    public static final int SIZE = 24;

    /**
     * Alignment of the struct.
     */
    public static final int ALIGN = 8;

    /**
     * FNV-1a 64 of {@link #CANONICAL}, computed at compile time.
     */
    public static final long FINGERPRINT = 0xdc414aabc54060cbL;

    /**
     * Offset of {@code id} (i64) in the struct.
     */
    public static final int ID_OFFSET = 0;

    /**
     * Offset of {@code name} (string) in the struct.
     */
    public static final int NAME_OFFSET = 8;

    /**
     * Offset of {@code age} (i8) in the struct.
     */
    public static final int AGE_OFFSET = 16;

    /**
     * Offset of {@code active} (bool) in the struct.
     */
    public static final int ACTIVE_OFFSET = 17;

    /**
     * The runtime version this class was generated for, checked against the runtime's when the
     * class loads (see {@link TeleportRuntime}).
     */
    private static final int RUNTIME_VERSION = TeleportRuntime.requireVersion(3, "User_Teleport");

    /**
     * The layout, for {@link dev.dx.teleport.TeleportMessage#wrap} and the decoder.
     */
    public static final TeleportLayout LAYOUT = TeleportLayout.of(CANONICAL, SIZE, ALIGN);

    /**
     * This type for {@link dev.dx.teleport.TeleportEncoder}.
     */
    public static final TeleportType<User> TYPE = new TeleportType<User>() {
        @Override
        public Class<User> javaType() {
            return User.class;
        }

        @Override
        public TeleportLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(TeleportWriter writer, User value) {
            User_Teleport.write(writer, value);
        }

        @Override
        public User read(TeleportMessage message) {
            return User_Teleport.read(message);
        }
    };

    private User_Teleport() {
    }

    /**
     * Writes {@code value} as a whole message on {@code writer}: begins it and fills it in;
     * the caller then calls {@link TeleportWriter#finish()}. On failure the message is aborted.
     */
    public static void write(TeleportWriter writer, User value) {
        Objects.requireNonNull(value, "value");
        int at = writer.beginSized(LAYOUT, SIZE);
        try {
            writeFields(writer, at, value);
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
    }

    /**
     * Encodes {@code value} into a new buffer from {@code alloc}, which the caller owns.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, User value) {
        TeleportWriter writer = new TeleportWriter(alloc);
        write(writer, value);
        return writer.finish();
    }

    /**
     * Writes the fields of {@code value} into the struct at data offset {@code at}, appending its
     * strings and slices depth-first in declaration order. Used by {@link #write} and by the code
     * generated for records that contain a User.
     */
    public static void writeFields(TeleportWriter writer, int at, User value) {
        writer.putLong(at + ID_OFFSET, value.id());
        writer.putString(at + NAME_OFFSET, Objects.requireNonNull(value.name(), "User.name"));
        writer.putLong(at + AGE_OFFSET, ((value.age() & 0xFFL)
                | (value.active() ? 1L << 8 : 0L)));
    }

    /**
     * A new view of the root struct of {@code message}, which must be a User.
     */
    public static View view(TeleportMessage message) {
        return new View().wrap(message);
    }

    /**
     * Builds the User held by {@code message}, decoding every string and slice.
     */
    public static User read(TeleportMessage message) {
        return read(view(message));
    }

    /**
     * Builds a User from {@code view}, decoding every string and slice.
     */
    public static User read(View view) {
        return new User(view.id(), view.name(), view.age(), view.active());
    }

    /**
     * A flyweight over a {@code User} struct: each accessor reads its field at an absolute little-endian
     * offset from the wrapped index, checking string and slice references before following them.
     * The buffer's indexes never move and nothing is allocated except decoded strings and
     * byte slices. Not thread-safe; reuse one per thread.
     *
     * <pre>
     * offset  size  field            type
     *      0     8  id               i64
     *      8     8  name             string (u32 offset, u32 length)
     *     16     1  age              i8
     *     17     1  active           bool
     *     18     6  (padding)
     *           24  (total)          align 8
     * </pre>
     */
    public static final class View {
        /**
         * The message this view reads through.
         */
        private TeleportMessageFlyweight message;

        /**
         * Absolute index of the struct in the message.
         */
        private int offset;

        /**
         * The flyweight {@link #wrap(TeleportMessage)} wraps messages in, made on first use.
         */
        private TeleportMessageFlyweight own;

        /**
         * Wraps the root struct of the message {@code message} has validated; allocates nothing.
         * Returns {@code this}; nothing else is read or checked until an accessor is called.
         * @throws dev.dx.teleport.TeleportFormatException if the message is another type
         */
        public View wrap(TeleportMessageFlyweight message) {
            message.expect(LAYOUT);
            return wrap(message, TeleportRuntime.HEADER_SIZE);
        }

        /**
         * Wraps the struct at absolute index {@code offset} of the message {@code message} wraps.
         * Returns {@code this}. Generated views wrap nested structs and slice elements with it.
         */
        public View wrap(TeleportMessageFlyweight message, int offset) {
            // a reference store only when it changes: each costs a GC barrier, and an element view
            // is re-wrapped for every element
            if (this.message != message) {
                this.message = message;
            }
            this.offset = offset;
            return this;
        }

        /**
         * Wraps the root struct of {@code message}, which must be a User, through a flyweight this view
         * keeps. Reads after the message's last release throw {@link IndexOutOfBoundsException}.
         * @throws dev.dx.teleport.TeleportFormatException if the message is another type
         */
        public View wrap(TeleportMessage message) {
            message.expect(LAYOUT);
            TeleportMessageFlyweight m = own;
            if (m == null) {
                m = own = new TeleportMessageFlyweight();
            }
            return wrap(m.wrap(message), TeleportRuntime.HEADER_SIZE);
        }

        /**
         * Reads {@code id} ({@code i64}).
         */
        public long id() {
            return message.i64(offset + ID_OFFSET);
        }

        /**
         * Decodes {@code name} ({@code string}) from UTF-8; allocates the String (and, for ASCII text, nothing else).
         */
        public String name() {
            return message.string(offset + NAME_OFFSET);
        }

        /**
         * The UTF-8 bytes of {@code name}: a slice sharing the message's memory, valid until the
         * message is released (not retained).
         */
        public ByteBuf nameBytes() {
            return message.stringBytes(offset + NAME_OFFSET);
        }

        /**
         * The length of {@code name} in UTF-8 bytes.
         */
        public int nameLength() {
            return TeleportMessageFlyweight.refLength(message.stringRef(offset + NAME_OFFSET));
        }

        /**
         * Whether {@code name} equals {@code value}, compared byte by byte without decoding.
         */
        public boolean nameEquals(CharSequence value) {
            return message.stringEquals(offset + NAME_OFFSET, value);
        }

        /**
         * Whether {@code name} equals the readable bytes of {@code utf8}, compared in place; the
         * fastest test when the expected value is already UTF-8 (no index moves).
         */
        public boolean nameEquals(ByteBuf utf8) {
            return message.stringEquals(offset + NAME_OFFSET, utf8);
        }

        /**
         * Whether {@code name} equals {@code utf8} (UTF-8 bytes, the whole array), compared in place; the
         * test against a constant kept as bytes.
         */
        public boolean nameEquals(byte[] utf8) {
            return message.stringEquals(offset + NAME_OFFSET, utf8);
        }

        /**
         * Reads {@code age} ({@code i8}).
         */
        public byte age() {
            return message.i8(offset + AGE_OFFSET);
        }

        /**
         * Reads {@code active} ({@code bool}).
         */
        public boolean active() {
            return message.bool(offset + ACTIVE_OFFSET);
        }

        /**
         * The fields as read from the message, for logs and debugging; allocates.
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("User{");
            try {
                out.append("id=");
                out.append(message.i64(offset + ID_OFFSET));
                out.append(", name=");
                out.append('"').append(message.string(offset + NAME_OFFSET)).append('"');
                out.append(", age=");
                out.append(message.i8(offset + AGE_OFFSET));
                out.append(", active=");
                out.append(message.bool(offset + ACTIVE_OFFSET));
                out.append('}');
            } catch (RuntimeException e) {
                out.append(" (unreadable: ").append(e.getMessage()).append(')');
            }
            return out.toString();
        }
    }
}
