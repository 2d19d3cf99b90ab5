package test;

import dev.dx.teleport.TeleportAccess;
import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
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
        private ByteBuf buffer;

        private ByteBuffer memory;

        /**
         * The address {@code memory} was made for by {@link #wrap(ByteBuf, int)}, or -1.
         */
        private long memoryAddress = -1L;

        private int offset;

        private int dataLength;

        private int stringLength;

        /**
         * Wraps the struct at absolute index {@code offset} of a validated message buffer
         * whose index 0 is the header (see {@link TeleportMessage}); reads D and S from the header.
         * Returns {@code this}; nothing else is read or checked until an accessor is called.
         * Makes a {@link ByteBuffer} over the message's bytes when {@code buffer}'s memory is not the one
         * the view read last (the same array, or address); unlike a view over a {@link TeleportMessage},
         * it has no release guard.
         */
        public View wrap(ByteBuf buffer, int offset) {
            int dataLength = buffer.getIntLE(16);
            int stringLength = buffer.getIntLE(20);
            int length = TeleportMessage.HEADER_SIZE + dataLength + stringLength;
            if (TeleportAccess.sameMemory(memory, memoryAddress, buffer, length)) {
                return wrap(buffer, memory, offset, dataLength, stringLength);
            }
            wrap(buffer, TeleportAccess.memory(buffer, length), offset, dataLength, stringLength);
            memoryAddress = TeleportAccess.address(buffer);
            return this;
        }

        /**
         * Wraps the struct at absolute index {@code offset} of a validated message {@code buffer}
         * whose data section is {@code dataLength} and string table {@code stringLength} bytes long,
         * read through {@code memory}, the same bytes as a {@link ByteBuffer} (see {@link TeleportAccess#memory}).
         * Returns {@code this}. Generated views wrap nested views with it.
         */
        public View wrap(ByteBuf buffer, ByteBuffer memory, int offset, int dataLength,
                int stringLength) {
            // reference stores only when they change: each costs a GC barrier, and an element view
            // is re-wrapped for every element
            if (this.memory != memory) {
                this.memory = memory;
                this.memoryAddress = -1L;
            }
            if (this.buffer != buffer) {
                this.buffer = buffer;
            }
            this.offset = offset;
            this.dataLength = dataLength;
            this.stringLength = stringLength;
            return this;
        }

        /**
         * Wraps the root struct of {@code message}, which must be a User.
         * @throws dev.dx.teleport.TeleportFormatException if the message is another type
         */
        public View wrap(TeleportMessage message) {
            message.expect(LAYOUT);
            return wrap(TeleportAccess.content(message), message.memory(), TeleportMessage.HEADER_SIZE, message.dataLength(), message.stringLength());
        }

        /**
         * Reads {@code id} (i64).
         */
        public long id() {
            return TeleportAccess.i64(memory, offset + ID_OFFSET);
        }

        /**
         * Decodes {@code name} (string) from UTF-8; allocates a String.
         */
        public String name() {
            return TeleportAccess.string(memory, offset + NAME_OFFSET, dataLength, stringLength);
        }

        /**
         * The UTF-8 bytes of {@code name}: a slice sharing the message's memory, valid until the
         * message is released (not retained).
         */
        public ByteBuf nameBytes() {
            return TeleportAccess.stringBytes(buffer, offset + NAME_OFFSET, dataLength, stringLength);
        }

        /**
         * The length of {@code name} in UTF-8 bytes.
         */
        public int nameLength() {
            return TeleportAccess.refLength(TeleportAccess.stringRef(memory, offset + NAME_OFFSET, stringLength));
        }

        /**
         * Whether {@code name} equals {@code value}, compared byte by byte without decoding.
         */
        public boolean nameEquals(CharSequence value) {
            return TeleportAccess.stringEquals(memory, offset + NAME_OFFSET, dataLength, stringLength, value);
        }

        /**
         * Whether {@code name} equals the readable bytes of {@code utf8}, compared in place; the
         * fastest test when the expected value is already UTF-8 (no index moves).
         */
        public boolean nameEquals(ByteBuf utf8) {
            return TeleportAccess.stringEquals(memory, offset + NAME_OFFSET, dataLength, stringLength, utf8);
        }

        /**
         * Whether {@code name} equals {@code utf8} (UTF-8 bytes, the whole array), compared in place; the
         * test against a constant kept as bytes.
         */
        public boolean nameEquals(byte[] utf8) {
            return TeleportAccess.stringEquals(memory, offset + NAME_OFFSET, dataLength, stringLength, utf8);
        }

        /**
         * Reads {@code age} (i8).
         */
        public byte age() {
            return TeleportAccess.i8(memory, offset + AGE_OFFSET);
        }

        /**
         * Reads {@code active} (bool).
         */
        public boolean active() {
            return TeleportAccess.bool(memory, offset + ACTIVE_OFFSET);
        }
    }
}
