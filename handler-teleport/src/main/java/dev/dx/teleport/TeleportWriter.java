package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * {@link #abort()}, and is not thread-safe. The string table is built in a heap scratch array the
 * writer keeps and reuses, and copied once behind the data section by {@code finish()}.
 *
 * <p>By default every message gets a new buffer from the allocator. To write into a buffer the
 * caller owns and reuses instead (no allocation per message), call {@link #into(ByteBuf)} before
 * the next {@code begin}: the message is then appended at that buffer's writer index.
 */
public final class TeleportWriter {

    /** Length of the message header. */
    public static final int HEADER_SIZE = 24;

    /** The largest data section a writer builds. */
    private static final long MAX_DATA = Integer.MAX_VALUE - HEADER_SIZE - 8;

    /** "DXTP", version 1, flags 0, reserved 0: the header's first 8 bytes as a little-endian u64. */
    private static final long MAGIC_VERSION = 0x0000_0001_5054_5844L;

    private final ByteBufAllocator alloc;
    private final boolean deduplicateStrings;
    private final int initialCapacity;

    private ByteBuf buf;
    /** Absolute index of the data section (the header starts 24 bytes before it). */
    private int data;
    /** The caller's buffer for the next or current message, or null to allocate one. */
    private ByteBuf target;
    private boolean targetInUse;
    /** The string table of the message in progress: its first {@code stringsEnd} bytes. */
    private byte[] strings = new byte[0];
    private int stringsEnd;
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
     * Makes the next message (the one the next {@link #begin} starts) be appended to {@code out} at
     * its writer index instead of to a new buffer. {@link #finish()} then returns {@code out} itself
     * with its writer index after the message; the writer takes no reference to it and never
     * releases it ({@link #abort()} only moves its writer index back). Applies to one message.
     *
     * @return this writer
     * @throws IllegalStateException if a message is already in progress
     */
    public TeleportWriter into(ByteBuf out) {
        checkNotNull(out, "out");
        if (buf != null) {
            throw new IllegalStateException("a message is in progress: finish() or abort() it first");
        }
        target = out;
        return this;
    }

    /**
     * Starts a message whose root struct has {@code layout}: allocates its buffer (or takes the one
     * given to {@link #into(ByteBuf)}) and reserves the zeroed root struct at data offset 0, which
     * this returns.
     *
     * @throws IllegalStateException if a message is already in progress
     */
    public int begin(TeleportLayout layout) {
        checkNotNull(layout, "layout");
        if (buf != null) {
            throw new IllegalStateException("a message is in progress: finish() or abort() it first");
        }
        int size = layout.size();
        ByteBuf out;
        if (target != null) {
            out = target;
            target = null;
            out.ensureWritable(HEADER_SIZE + size);
            targetInUse = true;
        } else {
            out = alloc.buffer(Math.max(initialCapacity, HEADER_SIZE + size));
        }
        root = layout;
        buf = out;
        int start = out.writerIndex();
        data = start + HEADER_SIZE;
        // the header is written whole by finish(); only the struct needs zeroes (its padding)
        out.setZero(data, size);
        out.writerIndex(data + size);
        return 0;
    }

    /** Whether {@link #begin} was called and the message is not yet finished or aborted. */
    public boolean inProgress() {
        return buf != null;
    }

    /** Sets the bool at data offset {@code at} to 0 or 1. */
    public void putBoolean(int at, boolean value) {
        buf.setByte(data + at, value ? 1 : 0);
    }

    /** Sets the i8 at data offset {@code at}. */
    public void putByte(int at, byte value) {
        buf.setByte(data + at, value);
    }

    /** Sets the i16 at data offset {@code at}. */
    public void putShort(int at, short value) {
        buf.setShortLE(data + at, value);
    }

    /** Sets the u16 at data offset {@code at}. */
    public void putChar(int at, char value) {
        buf.setShortLE(data + at, value);
    }

    /** Sets the i32 at data offset {@code at}. */
    public void putInt(int at, int value) {
        buf.setIntLE(data + at, value);
    }

    /** Sets the i64 at data offset {@code at}. */
    public void putLong(int at, long value) {
        buf.setLongLE(data + at, value);
    }

    /** Sets the f32 at data offset {@code at}. */
    public void putFloat(int at, float value) {
        buf.setFloatLE(data + at, value);
    }

    /** Sets the f64 at data offset {@code at}. */
    public void putDouble(int at, double value) {
        buf.setDoubleLE(data + at, value);
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
        buf.setLongLE(data + at, ref);
    }

    private long appendString(String value) {
        int offset = stringsEnd;
        int n = value.length();
        byte[] table = stringsCapacity(offset + (long) n);
        int i = 0;
        // ASCII: one byte per char, straight into the scratch table
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                break;
            }
            table[offset + i] = (byte) c;
        }
        int length;
        if (i == n) {
            length = n;
        } else {
            // The JDK encoder writes an unpaired surrogate as '?' (as the readers expect) and
            // every other char as standard UTF-8.
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            length = utf8.length;
            table = stringsCapacity(offset + (long) length);
            System.arraycopy(utf8, 0, table, offset, length);
        }
        stringsEnd = offset + length;
        if ((long) HEADER_SIZE + (buf.writerIndex() - data) + stringsEnd + 8 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message too large: string table of "
                    + stringsEnd + " bytes");
        }
        return (offset & 0xffffffffL) | ((long) length << 32);
    }

    /** The scratch string table, grown to hold at least {@code needed} bytes. */
    private byte[] stringsCapacity(long needed) {
        byte[] table = strings;
        if (needed > table.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("message too large: string table of "
                        + needed + " bytes");
            }
            long grown = Math.max(Math.max(needed, 64),
                    Math.min(Integer.MAX_VALUE - 8, 2L * table.length));
            table = strings = Arrays.copyOf(table, (int) grown);
        }
        return table;
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
            buf.setLongLE(data + at, 0);
            return 0;
        }
        int end = buf.writerIndex() - data;
        int start = (end + elementAlign - 1) & -elementAlign;
        long newEnd = start + (long) count * elementSize;
        if (newEnd > MAX_DATA) {
            throw new IllegalArgumentException("message too large: slice of " + count + " × "
                    + elementSize + " bytes at data offset " + start);
        }
        buf.writeZero((int) newEnd - end);
        buf.setIntLE(data + at, start);
        buf.setIntLE(data + at + 4, count);
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
            int dataLength = out.writerIndex() - data;
            int padding = -dataLength & 7;
            int stringLength = stringsEnd;
            out.ensureWritable(padding + stringLength);
            if (padding != 0) {
                out.writeZero(padding);
                dataLength += padding;
            }
            if (stringLength != 0) {
                out.writeBytes(strings, 0, stringLength);
            }
            int header = data - HEADER_SIZE;
            out.setLongLE(header, MAGIC_VERSION);
            out.setLongLE(header + 8, root.fingerprint());
            out.setLongLE(header + 16, (dataLength & 0xffffffffL) | ((long) stringLength << 32));
        } catch (Throwable t) {
            abort();
            throw t;
        }
        buf = null;
        reset();
        return out;
    }

    /**
     * Drops the message in progress, if any: releases its buffer, or, for a buffer given to
     * {@link #into(ByteBuf)}, moves its writer index back to where the message began. Also forgets
     * a buffer given to {@code into} for a message not yet begun.
     */
    public void abort() {
        if (buf != null) {
            if (targetInUse) {
                buf.writerIndex(data - HEADER_SIZE);
            } else {
                buf.release();
            }
            buf = null;
        }
        target = null;
        reset();
    }

    private void reset() {
        stringsEnd = 0;
        targetInUse = false;
        if (stringRefs != null) {
            stringRefs.clear();
        }
        root = null;
    }
}
