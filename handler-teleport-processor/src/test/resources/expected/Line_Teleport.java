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
 * Teleport/1 layout, flyweight view and codec of {@link Line}, generated from its components.
 *
 * <p>Canonical layout: {@code struct Line{sku:string@0,quantity:i32@8}#12:4}
 */
@Generated("dev.dx.teleport.processor.TeleportProcessor")
public final class Line_Teleport {
    /**
     * The canonical layout string (§4).
     */
    public static final String CANONICAL = "struct Line{sku:string@0,quantity:i32@8}#12:4";

    /**
     * Size of the struct in bytes.
     */
    public static final int SIZE = 12;

    /**
     * Alignment of the struct.
     */
    public static final int ALIGN = 4;

    /**
     * FNV-1a 64 of {@link #CANONICAL}, computed at compile time.
     */
    public static final long FINGERPRINT = 0xf7dcfd96dbdcfcd9L;

    /**
     * Offset of {@code sku} (string) in the struct.
     */
    public static final int SKU_OFFSET = 0;

    /**
     * Offset of {@code quantity} (i32) in the struct.
     */
    public static final int QUANTITY_OFFSET = 8;

    /**
     * The layout, for {@link dev.dx.teleport.TeleportMessage#wrap} and the decoder.
     */
    public static final TeleportLayout LAYOUT = TeleportLayout.of(CANONICAL, SIZE, ALIGN);

    /**
     * This type for {@link dev.dx.teleport.TeleportEncoder}.
     */
    public static final TeleportType<Line> TYPE = new TeleportType<Line>() {
        @Override
        public Class<Line> javaType() {
            return Line.class;
        }

        @Override
        public TeleportLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(TeleportWriter writer, Line value) {
            Line_Teleport.write(writer, value);
        }

        @Override
        public Line read(TeleportMessage message) {
            return Line_Teleport.read(message);
        }
    };

    private Line_Teleport() {
    }

    /**
     * Writes {@code value} as a whole message on {@code writer}: begins it and fills it in;
     * the caller then calls {@link TeleportWriter#finish()}. On failure the message is aborted.
     */
    public static void write(TeleportWriter writer, Line value) {
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
    public static ByteBuf encode(ByteBufAllocator alloc, Line value) {
        TeleportWriter writer = new TeleportWriter(alloc);
        write(writer, value);
        return writer.finish();
    }

    /**
     * Writes the fields of {@code value} into the struct at data offset {@code at}, appending its
     * strings and slices depth-first in declaration order. Used by {@link #write} and by the code
     * generated for records that contain a Line.
     */
    public static void writeFields(TeleportWriter writer, int at, Line value) {
        writer.putString(at + SKU_OFFSET, Objects.requireNonNull(value.sku(), "Line.sku"));
        writer.putInt(at + QUANTITY_OFFSET, value.quantity());
    }

    /**
     * A new view of the root struct of {@code message}, which must be a Line.
     */
    public static View view(TeleportMessage message) {
        return new View().wrap(message);
    }

    /**
     * Builds the Line held by {@code message}, decoding every string and slice.
     */
    public static Line read(TeleportMessage message) {
        return read(view(message));
    }

    /**
     * Builds a Line from {@code view}, decoding every string and slice.
     */
    public static Line read(View view) {
        return new Line(view.sku(), view.quantity());
    }

    /**
     * A flyweight over a {@code Line} struct: each accessor reads its field at an absolute little-endian
     * offset from the wrapped index, checking string and slice references before following them.
     * The buffer's indexes never move and nothing is allocated except decoded strings and
     * byte slices. Not thread-safe; reuse one per thread.
     *
     * <pre>
     * offset  size  field            type
     *      0     8  sku              string (u32 offset, u32 length)
     *      8     4  quantity         i32
     *           12  (total)          align 4
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
         * Wraps the root struct of {@code message}, which must be a Line.
         * @throws dev.dx.teleport.TeleportFormatException if the message is another type
         */
        public View wrap(TeleportMessage message) {
            message.expect(LAYOUT);
            return wrap(TeleportAccess.content(message), message.memory(), TeleportMessage.HEADER_SIZE, message.dataLength(), message.stringLength());
        }

        /**
         * Decodes {@code sku} (string) from UTF-8; allocates a String.
         */
        public String sku() {
            return TeleportAccess.string(memory, offset + SKU_OFFSET, dataLength, stringLength);
        }

        /**
         * The UTF-8 bytes of {@code sku}: a slice sharing the message's memory, valid until the
         * message is released (not retained).
         */
        public ByteBuf skuBytes() {
            return TeleportAccess.stringBytes(buffer, offset + SKU_OFFSET, dataLength, stringLength);
        }

        /**
         * The length of {@code sku} in UTF-8 bytes.
         */
        public int skuLength() {
            return TeleportAccess.refLength(TeleportAccess.stringRef(memory, offset + SKU_OFFSET, stringLength));
        }

        /**
         * Whether {@code sku} equals {@code value}, compared byte by byte without decoding.
         */
        public boolean skuEquals(CharSequence value) {
            return TeleportAccess.stringEquals(memory, offset + SKU_OFFSET, dataLength, stringLength, value);
        }

        /**
         * Whether {@code sku} equals the readable bytes of {@code utf8}, compared in place; the
         * fastest test when the expected value is already UTF-8 (no index moves).
         */
        public boolean skuEquals(ByteBuf utf8) {
            return TeleportAccess.stringEquals(memory, offset + SKU_OFFSET, dataLength, stringLength, utf8);
        }

        /**
         * Whether {@code sku} equals {@code utf8} (UTF-8 bytes, the whole array), compared in place; the
         * test against a constant kept as bytes.
         */
        public boolean skuEquals(byte[] utf8) {
            return TeleportAccess.stringEquals(memory, offset + SKU_OFFSET, dataLength, stringLength, utf8);
        }

        /**
         * Reads {@code quantity} (i32).
         */
        public int quantity() {
            return TeleportAccess.i32(memory, offset + QUANTITY_OFFSET);
        }
    }
}
