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
     * The runtime version this class was generated for, checked against the runtime's when the
     * class loads (see {@link TeleportRuntime}).
     */
    private static final int RUNTIME_VERSION = TeleportRuntime.requireVersion(3, "Line_Teleport");

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
         * Wraps the root struct of {@code message}, which must be a Line, through a flyweight this view
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
         * Decodes {@code sku} ({@code string}) from UTF-8; allocates the String (and, for ASCII text, nothing else).
         */
        public String sku() {
            return message.string(offset + SKU_OFFSET);
        }

        /**
         * The UTF-8 bytes of {@code sku}: a slice sharing the message's memory, valid until the
         * message is released (not retained).
         */
        public ByteBuf skuBytes() {
            return message.stringBytes(offset + SKU_OFFSET);
        }

        /**
         * The length of {@code sku} in UTF-8 bytes.
         */
        public int skuLength() {
            return TeleportMessageFlyweight.refLength(message.stringRef(offset + SKU_OFFSET));
        }

        /**
         * Whether {@code sku} equals {@code value}, compared byte by byte without decoding.
         */
        public boolean skuEquals(CharSequence value) {
            return message.stringEquals(offset + SKU_OFFSET, value);
        }

        /**
         * Whether {@code sku} equals the readable bytes of {@code utf8}, compared in place; the
         * fastest test when the expected value is already UTF-8 (no index moves).
         */
        public boolean skuEquals(ByteBuf utf8) {
            return message.stringEquals(offset + SKU_OFFSET, utf8);
        }

        /**
         * Whether {@code sku} equals {@code utf8} (UTF-8 bytes, the whole array), compared in place; the
         * test against a constant kept as bytes.
         */
        public boolean skuEquals(byte[] utf8) {
            return message.stringEquals(offset + SKU_OFFSET, utf8);
        }

        /**
         * Reads {@code quantity} ({@code i32}).
         */
        public int quantity() {
            return message.i32(offset + QUANTITY_OFFSET);
        }

        /**
         * The fields as read from the message, for logs and debugging; allocates.
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("Line{");
            try {
                out.append("sku=");
                out.append('"').append(message.string(offset + SKU_OFFSET)).append('"');
                out.append(", quantity=");
                out.append(message.i32(offset + QUANTITY_OFFSET));
                out.append('}');
            } catch (RuntimeException e) {
                out.append(" (unreadable: ").append(e.getMessage()).append(')');
            }
            return out.toString();
        }
    }
}
