package test;

import dev.dx.teleport.TeleportLayout;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportType;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import javax.annotation.processing.Generated;

/**
 * Teleport/1 layout, flyweight view and codec of {@link Order}, generated from its components.
 *
 * <p>Canonical layout: {@code struct Order{id:i64@0,status:enum<Status>:u8@8,lines:slice<struct Line{sku:string@0,quantity:i32@8}#12:4>@12,tags:slice<i32>@20,first:struct Line{sku:string@0,quantity:i32@8}#12:4@28,grade:u16@40,note:string@44}#56:8}
 */
@Generated("dev.dx.teleport.processor.TeleportProcessor")
public final class Order_Teleport {
    /**
     * The canonical layout string (§4).
     */
    public static final String CANONICAL = "struct Order{id:i64@0,status:enum<Status>:u8@8,lines:slice<struct Line{sku:string@0,quantity:i32@8}#12:4>@12,tags:slice<i32>@20,first:struct Line{sku:string@0,quantity:i32@8}#12:4@28,grade:u16@40,note:string@44}#56:8";

    /**
     * Size of the struct in bytes.
     */
    public static final int SIZE = 56;

    /**
     * Alignment of the struct.
     */
    public static final int ALIGN = 8;

    /**
     * FNV-1a 64 of {@link #CANONICAL}, computed at compile time.
     */
    public static final long FINGERPRINT = 0xcb540192e28c5b05L;

    /**
     * Offset of {@code id} (i64) in the struct.
     */
    public static final int ID_OFFSET = 0;

    /**
     * Offset of {@code status} (enum&lt;Status&gt;:u8) in the struct.
     */
    public static final int STATUS_OFFSET = 8;

    /**
     * Offset of {@code lines} (slice&lt;struct Line{sku:string@0,quantity:i32@8}#12:4&gt;) in the struct.
     */
    public static final int LINES_OFFSET = 12;

    /**
     * Offset of {@code tags} (slice&lt;i32&gt;) in the struct.
     */
    public static final int TAGS_OFFSET = 20;

    /**
     * Offset of {@code first} (struct Line{sku:string@0,quantity:i32@8}#12:4) in the struct.
     */
    public static final int FIRST_OFFSET = 28;

    /**
     * Offset of {@code grade} (u16) in the struct.
     */
    public static final int GRADE_OFFSET = 40;

    /**
     * Offset of {@code note} (string) in the struct.
     */
    public static final int NOTE_OFFSET = 44;

    /**
     * The runtime version this class was generated for, checked against the runtime's when the
     * class loads (see {@link TeleportRuntime}).
     */
    private static final int RUNTIME_VERSION = TeleportRuntime.requireVersion(3, "Order_Teleport");

    /**
     * The layout, for {@link dev.dx.teleport.TeleportMessage#wrap} and the decoder.
     */
    public static final TeleportLayout LAYOUT = TeleportLayout.of(CANONICAL, SIZE, ALIGN);

    /**
     * This type for {@link dev.dx.teleport.TeleportEncoder}.
     */
    public static final TeleportType<Order> TYPE = new TeleportType<Order>() {
        @Override
        public Class<Order> javaType() {
            return Order.class;
        }

        @Override
        public TeleportLayout layout() {
            return LAYOUT;
        }

        @Override
        public void write(TeleportWriter writer, Order value) {
            Order_Teleport.write(writer, value);
        }

        @Override
        public Order read(TeleportMessage message) {
            return Order_Teleport.read(message);
        }
    };

    private static final Status[] STATUS_VALUES = Status.values();

    private Order_Teleport() {
    }

    /**
     * Writes {@code value} as a whole message on {@code writer}: begins it and fills it in;
     * the caller then calls {@link TeleportWriter#finish()}. On failure the message is aborted.
     */
    public static void write(TeleportWriter writer, Order value) {
        Objects.requireNonNull(value, "value");
        int at = writer.beginSized(LAYOUT, dataEnd(SIZE, value));
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
    public static ByteBuf encode(ByteBufAllocator alloc, Order value) {
        TeleportWriter writer = new TeleportWriter(alloc);
        write(writer, value);
        return writer.finish();
    }

    /**
     * Writes the fields of {@code value} into the struct at data offset {@code at}, appending its
     * strings and slices depth-first in declaration order. Used by {@link #write} and by the code
     * generated for records that contain a Order.
     */
    public static void writeFields(TeleportWriter writer, int at, Order value) {
        writer.putLong(at + ID_OFFSET, value.id());
        writer.putInt(at + STATUS_OFFSET, (int) (Objects.requireNonNull(value.status(), "Order.status").ordinal() & 0xFFL));
        {
            Line[] slice = Objects.requireNonNull(value.lines(), "Order.lines");
            int base = writer.putSlice(at + LINES_OFFSET, slice.length, 12, 4);
            for (int i = 0; i < slice.length; i++) {
                Line_Teleport.writeFields(writer, base + i * 12, Objects.requireNonNull(slice[i], "Order.lines[]"));
            }
        }
        {
            List<Integer> slice = Objects.requireNonNull(value.tags(), "Order.tags");
            int base = writer.putSlice(at + TAGS_OFFSET, slice.size(), 4, 4);
            if (slice instanceof RandomAccess) {
                for (int i = 0, n = slice.size(); i < n; i++) {
                    writer.putInt(base + i * 4, slice.get(i));
                }
            } else {
                int i = 0;
                for (Integer e : slice) {
                    writer.putInt(base + i * 4, e);
                    i++;
                }
            }
        }
        Line_Teleport.writeFields(writer, at + FIRST_OFFSET, Objects.requireNonNull(value.first(), "Order.first"));
        writer.putInt(at + GRADE_OFFSET, (int) (value.grade() & 0xFFFFL));
        writer.putString(at + NOTE_OFFSET, Objects.requireNonNull(value.note(), "Order.note"));
        writer.putInt(at + 52, 0);
    }

    /**
     * The length of a data section {@code end} bytes long once the slice blocks of {@code value}
     * (and of the structs in it) are appended in the order {@link #writeFields} appends them, each
     * after its alignment gap. Used to size a message before writing it.
     */
    public static long dataEnd(long end, Order value) {
        {
            Line[] slice = Objects.requireNonNull(value.lines(), "Order.lines");
            int n = slice.length;
            if (n != 0) {
                end = ((end + 3) & -4) + (long) n * 12;
            }
        }
        {
            List<Integer> slice = Objects.requireNonNull(value.tags(), "Order.tags");
            int n = slice.size();
            if (n != 0) {
                end = ((end + 3) & -4) + (long) n * 4;
            }
        }
        return end;
    }

    /**
     * A new view of the root struct of {@code message}, which must be a Order.
     */
    public static View view(TeleportMessage message) {
        return new View().wrap(message);
    }

    /**
     * Builds the Order held by {@code message}, decoding every string and slice.
     */
    public static Order read(TeleportMessage message) {
        return read(view(message));
    }

    /**
     * Builds a Order from {@code view}, decoding every string and slice.
     */
    public static Order read(View view) {
        Line[] s2 = new Line[view.linesCount()];
        for (int i = 0; i < s2.length; i++) {
            s2[i] = Line_Teleport.read(view.lines(i));
        }
        Integer[] s3 = new Integer[view.tagsCount()];
        for (int i = 0; i < s3.length; i++) {
            s3[i] = view.tags(i);
        }
        return new Order(view.id(), view.status(), s2, List.of(s3), Line_Teleport.read(view.first()), view.grade(), view.note());
    }

    /**
     * A flyweight over a {@code Order} struct: each accessor reads its field at an absolute little-endian
     * offset from the wrapped index, checking string and slice references before following them.
     * The buffer's indexes never move and nothing is allocated except decoded strings and
     * byte slices. Not thread-safe; reuse one per thread.
     *
     * <pre>
     * offset  size  field            type
     *      0     8  id               i64
     *      8     1  status           enum&lt;Status&gt;:u8
     *      9     3  (padding)
     *     12     8  lines            slice&lt;struct Line&gt; (u32 offset, u32 count)
     *     20     8  tags             slice&lt;i32&gt; (u32 offset, u32 count)
     *     28    12  first            struct Line
     *     40     2  grade            u16
     *     42     2  (padding)
     *     44     8  note             string (u32 offset, u32 length)
     *     52     4  (padding)
     *           56  (total)          align 8
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

        private final Line_Teleport.View linesElement = new Line_Teleport.View();

        /**
         * The checked reference of {@code lines}, or -1 (never a valid reference) until it is first checked.
         */
        private long ref$lines = -1L;

        /**
         * The checked reference of {@code tags}, or -1 (never a valid reference) until it is first checked.
         */
        private long ref$tags = -1L;

        private final Line_Teleport.View firstView = new Line_Teleport.View();

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
            this.ref$lines = -1L;
            this.ref$tags = -1L;
            return this;
        }

        /**
         * Wraps the root struct of {@code message}, which must be a Order, through a flyweight this view
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
         * Reads {@code status} ({@code enum<Status>:u8}).
         */
        public Status status() {
            return STATUS_VALUES[TeleportMessageFlyweight.ordinal(message.u8(offset + STATUS_OFFSET), 3)];
        }

        /**
         * The reference of {@code lines}, checked on first use after each wrap (and then kept: the
         * checked value is what later calls follow).
         */
        private long ref$lines() {
            long ref = ref$lines;
            if (ref == -1L) {
                ref = ref$lines = message.sliceRef(offset + LINES_OFFSET, 12, 4);
            }
            return ref;
        }

        /**
         * The number of elements of {@code lines} ({@code slice<struct Line{sku:string@0,quantity:i32@8}#12:4>}).
         */
        public int linesCount() {
            return TeleportMessageFlyweight.refLength(ref$lines());
        }

        /**
         * The view of element {@code index} of {@code lines}; the same view object is re-wrapped
         * on each call.
         * @throws IndexOutOfBoundsException if {@code index} is not below the count
         */
        public Line_Teleport.View lines(int index) {
            return linesElement.wrap(message, TeleportMessageFlyweight.element(ref$lines(), 12, index));
        }

        /**
         * The reference of {@code tags}, checked on first use after each wrap (and then kept: the
         * checked value is what later calls follow).
         */
        private long ref$tags() {
            long ref = ref$tags;
            if (ref == -1L) {
                ref = ref$tags = message.sliceRef(offset + TAGS_OFFSET, 4, 4);
            }
            return ref;
        }

        /**
         * The number of elements of {@code tags} ({@code slice<i32>}).
         */
        public int tagsCount() {
            return TeleportMessageFlyweight.refLength(ref$tags());
        }

        /**
         * Reads element {@code index} of {@code tags}.
         * @throws IndexOutOfBoundsException if {@code index} is not below the count
         */
        public int tags(int index) {
            return message.i32(TeleportMessageFlyweight.element(ref$tags(), 4, index));
        }

        /**
         * Returns the view of {@code first} ({@code struct Line{sku:string@0,quantity:i32@8}#12:4}), re-wrapped on each call (the same object each
         * time).
         */
        public Line_Teleport.View first() {
            return firstView.wrap(message, offset + FIRST_OFFSET);
        }

        /**
         * Reads {@code grade} ({@code u16}).
         */
        public char grade() {
            return message.u16(offset + GRADE_OFFSET);
        }

        /**
         * Decodes {@code note} ({@code string}) from UTF-8; allocates the String (and, for ASCII text, nothing else).
         */
        public String note() {
            return message.string(offset + NOTE_OFFSET);
        }

        /**
         * The UTF-8 bytes of {@code note}: a slice sharing the message's memory, valid until the
         * message is released (not retained).
         */
        public ByteBuf noteBytes() {
            return message.stringBytes(offset + NOTE_OFFSET);
        }

        /**
         * The length of {@code note} in UTF-8 bytes.
         */
        public int noteLength() {
            return TeleportMessageFlyweight.refLength(message.stringRef(offset + NOTE_OFFSET));
        }

        /**
         * Whether {@code note} equals {@code value}, compared byte by byte without decoding.
         */
        public boolean noteEquals(CharSequence value) {
            return message.stringEquals(offset + NOTE_OFFSET, value);
        }

        /**
         * Whether {@code note} equals the readable bytes of {@code utf8}, compared in place; the
         * fastest test when the expected value is already UTF-8 (no index moves).
         */
        public boolean noteEquals(ByteBuf utf8) {
            return message.stringEquals(offset + NOTE_OFFSET, utf8);
        }

        /**
         * Whether {@code note} equals {@code utf8} (UTF-8 bytes, the whole array), compared in place; the
         * test against a constant kept as bytes.
         */
        public boolean noteEquals(byte[] utf8) {
            return message.stringEquals(offset + NOTE_OFFSET, utf8);
        }

        /**
         * The fields as read from the message, for logs and debugging; allocates.
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("Order{");
            try {
                out.append("id=");
                out.append(message.i64(offset + ID_OFFSET));
                out.append(", status=");
                out.append(STATUS_VALUES[TeleportMessageFlyweight.ordinal(message.u8(offset + STATUS_OFFSET), 3)]);
                out.append(", lines=");
                out.append('[');
                for (int i = 0, n = linesCount(); i < n; i++) {
                    if (i != 0) {
                        out.append(", ");
                    }
                    out.append(lines(i));
                }
                out.append(']');
                out.append(", tags=");
                out.append('[');
                for (int i = 0, n = tagsCount(); i < n; i++) {
                    if (i != 0) {
                        out.append(", ");
                    }
                    out.append(tags(i));
                }
                out.append(']');
                out.append(", first=");
                out.append(first());
                out.append(", grade=");
                out.append((int) message.u16(offset + GRADE_OFFSET));
                out.append(", note=");
                out.append('"').append(message.string(offset + NOTE_OFFSET)).append('"');
                out.append('}');
            } catch (RuntimeException e) {
                out.append(" (unreadable: ").append(e.getMessage()).append(')');
            }
            return out.toString();
        }
    }
}
