package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds one Teleport/1 message at a time in a buffer from a {@link ByteBufAllocator} (pooled when
 * the allocator is).
 *
 * <p>Generated {@code X_Teleport.write(writer, value)} calls {@link #begin(TeleportLayout)}, which
 * reserves the root struct at data offset 0, then puts each field at its data offset: scalars with
 * the {@code putXxx} methods, strings with {@link #putString(int, String)} (appended to the string
 * table) and slices with {@link #putSlice(int, int, int, int)} (whose element block is appended to
 * the data section, aligned, and then filled element by element). Because the generated code walks
 * the value depth-first in declaration order and reserves a slice's whole block before walking its
 * elements, equal values give equal bytes. {@link #finish()} pads the data section to a multiple of 8,
 * appends the string table, writes the header and hands the buffer to the caller, who then owns it.
 *
 * <p>Reserved bytes are zeroed, so padding is zero. A writer is reusable after {@code finish()} or
 * {@link #abort()}, and is not thread-safe.
 */
public final class TeleportWriter {

    /** Length of the message header. */
    public static final int HEADER_SIZE = 24;

    /** The largest data section a writer builds. */
    private static final long MAX_DATA = Integer.MAX_VALUE - HEADER_SIZE - 8;

    private final ByteBufAllocator alloc;
    private final boolean deduplicateStrings;
    private final int initialCapacity;

    private ByteBuf buf;
    private ByteBuf strings;
    private Map<String, Long> stringRefs;
    private TeleportLayout root;

    /** A writer with the default {@link TeleportWriterConfig}. */
    public TeleportWriter(ByteBufAllocator alloc) {
        this(alloc, new TeleportWriterConfig());
    }

    /** A writer with {@code config}'s options (copied now). */
    public TeleportWriter(ByteBufAllocator alloc, TeleportWriterConfig config) {
        this.alloc = checkNotNull(alloc, "alloc");
        checkNotNull(config, "config");
        this.deduplicateStrings = config.deduplicateStrings();
        this.initialCapacity = config.initialCapacity();
    }

    /**
     * Starts a message whose root struct has {@code layout}: allocates its buffer and reserves the
     * zeroed root struct at data offset 0, which this returns.
     *
     * @throws IllegalStateException if a message is already in progress
     */
    public int begin(TeleportLayout layout) {
        checkNotNull(layout, "layout");
        if (buf != null) {
            throw new IllegalStateException("a message is in progress: finish() or abort() it first");
        }
        root = layout;
        buf = alloc.buffer(Math.max(initialCapacity, HEADER_SIZE + layout.size()));
        buf.writeZero(HEADER_SIZE + layout.size());
        return 0;
    }

    /** Whether {@link #begin} was called and the message is not yet finished or aborted. */
    public boolean inProgress() {
        return buf != null;
    }

    /** Sets the bool at data offset {@code at} to 0 or 1. */
    public void putBoolean(int at, boolean value) {
        buf.setByte(HEADER_SIZE + at, value ? 1 : 0);
    }

    /** Sets the i8 at data offset {@code at}. */
    public void putByte(int at, byte value) {
        buf.setByte(HEADER_SIZE + at, value);
    }

    /** Sets the i16 at data offset {@code at}. */
    public void putShort(int at, short value) {
        buf.setShortLE(HEADER_SIZE + at, value);
    }

    /** Sets the u16 at data offset {@code at}. */
    public void putChar(int at, char value) {
        buf.setShortLE(HEADER_SIZE + at, value);
    }

    /** Sets the i32 at data offset {@code at}. */
    public void putInt(int at, int value) {
        buf.setIntLE(HEADER_SIZE + at, value);
    }

    /** Sets the i64 at data offset {@code at}. */
    public void putLong(int at, long value) {
        buf.setLongLE(HEADER_SIZE + at, value);
    }

    /** Sets the f32 at data offset {@code at}. */
    public void putFloat(int at, float value) {
        buf.setFloatLE(HEADER_SIZE + at, value);
    }

    /** Sets the f64 at data offset {@code at}. */
    public void putDouble(int at, double value) {
        buf.setDoubleLE(HEADER_SIZE + at, value);
    }

    /**
     * Appends {@code value}'s UTF-8 bytes to the string table (or, with deduplication on, finds an
     * equal string already there) and sets the string reference at data offset {@code at}; the
     * empty string is the reference (0, 0). An unpaired surrogate is written as {@code '?'}.
     */
    public void putString(int at, String value) {
        checkNotNull(value, "value");
        long ref;
        if (value.isEmpty()) {
            ref = 0;
        } else if (deduplicateStrings) {
            if (stringRefs == null) {
                stringRefs = new HashMap<>();
            }
            Long known = stringRefs.get(value);
            if (known == null) {
                ref = appendString(value);
                stringRefs.put(value, ref);
            } else {
                ref = known;
            }
        } else {
            ref = appendString(value);
        }
        buf.setLongLE(HEADER_SIZE + at, ref);
    }

    private long appendString(String value) {
        if (strings == null) {
            strings = alloc.buffer(Math.max(64, value.length()));
        }
        int offset = strings.writerIndex();
        int length;
        if (hasUnpairedSurrogate(value)) {
            // Netty's writeUtf8 writes the char after an unpaired high surrogate as one raw byte,
            // which is not UTF-8; the JDK encoder writes '?' and carries on correctly.
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            strings.writeBytes(utf8);
            length = utf8.length;
        } else {
            length = ByteBufUtil.writeUtf8(strings, value);
        }
        if ((long) HEADER_SIZE + buf.writerIndex() + strings.writerIndex() + 8 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message too large: string table of "
                    + strings.writerIndex() + " bytes");
        }
        return (offset & 0xffffffffL) | ((long) length << 32);
    }

    private static boolean hasUnpairedSurrogate(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reserves a zeroed, {@code elementAlign}-aligned block of {@code count} elements of
     * {@code elementSize} bytes at the end of the data section, sets the slice reference at data
     * offset {@code at} and returns the data offset of the first element. An empty slice reserves
     * nothing and is the reference (0, 0).
     */
    public int putSlice(int at, int count, int elementSize, int elementAlign) {
        checkPositiveOrZero(count, "count");
        checkPositiveOrZero(elementSize, "elementSize");
        if (count == 0) {
            buf.setLongLE(HEADER_SIZE + at, 0);
            return 0;
        }
        int end = buf.writerIndex() - HEADER_SIZE;
        int start = (end + elementAlign - 1) & -elementAlign;
        long newEnd = start + (long) count * elementSize;
        if (newEnd > MAX_DATA) {
            throw new IllegalArgumentException("message too large: slice of " + count + " × "
                    + elementSize + " bytes at data offset " + start);
        }
        buf.writeZero((int) newEnd - end);
        buf.setIntLE(HEADER_SIZE + at, start);
        buf.setIntLE(HEADER_SIZE + at + 4, count);
        return start;
    }

    /**
     * Ends the message: pads the data section to a multiple of 8, appends the string table and
     * writes the header. The caller owns (and must release) the returned buffer; the writer is ready
     * for the next message.
     */
    public ByteBuf finish() {
        if (buf == null) {
            throw new IllegalStateException("no message in progress: call begin() first");
        }
        ByteBuf out = buf;
        try {
            int dataLength = out.writerIndex() - HEADER_SIZE;
            int padding = -dataLength & 7;
            out.writeZero(padding);
            dataLength += padding;
            int stringLength = 0;
            if (strings != null) {
                stringLength = strings.readableBytes();
                out.writeBytes(strings);
            }
            out.setIntLE(0, 0x50545844); // "DXTP"
            out.setByte(4, 1);
            out.setByte(5, 0);
            out.setShortLE(6, 0);
            out.setLongLE(8, root.fingerprint());
            out.setIntLE(16, dataLength);
            out.setIntLE(20, stringLength);
        } catch (Throwable t) {
            abort();
            throw t;
        }
        buf = null;
        reset();
        return out;
    }

    /** Drops the message in progress, if any, and releases its buffers. */
    public void abort() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
        reset();
    }

    private void reset() {
        if (strings != null) {
            strings.release();
            strings = null;
        }
        if (stringRefs != null) {
            stringRefs.clear();
        }
        root = null;
    }
}
