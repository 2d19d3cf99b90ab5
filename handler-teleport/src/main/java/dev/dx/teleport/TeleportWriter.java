package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds one Teleport/1 message at a time and hands it over in a buffer from a
 * {@link ByteBufAllocator} (pooled when the allocator is).
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
 * <p>The Teleport/1.1 types of §6 have their own {@code putXxx} methods:
 * {@link #putBytes(int, byte[])} and {@link #putDecimal(int, BigDecimal)} append to the string table
 * as strings do, {@link #putTimestamp(int, Instant)}, {@link #putDate(int, LocalDate)} and
 * {@link #putUuid(int, UUID)} set fixed-size values, and {@link #putPresent(int, TeleportFieldType)}
 * or {@link #putAbsent(int, TeleportFieldType)} set an optional's presence byte (a present value is
 * then put at the data offset {@code putPresent} returns).
 *
 * <p>Reserved bytes are zeroed, so padding is zero. A writer is reusable after {@code finish()} or
 * {@link #abort()}, and is not thread-safe.
 *
 * <p>The message is built in two heap scratch arrays the writer keeps and reuses (the header and
 * data section in one, the string table in the other): each {@code putXxx} is a plain
 * little-endian array store, with no per-store reference-count or bounds check of a
 * {@link ByteBuf}. {@code finish()} then copies the whole message into the output buffer with one
 * checked {@link ByteBuf#writeBytes(byte[], int, int)}, so nothing is written to a {@code ByteBuf}
 * before {@code finish()} and a message never touches a buffer that may have been released. A
 * scratch array grown past {@value #KEEP_SCRATCH} bytes by a large message is dropped after it.
 *
 * <p>By default every message gets a new buffer of exactly its length from the allocator, taken in
 * {@code finish()}. To write into a buffer the caller owns and reuses instead (no allocation per
 * message), call {@link #into(ByteBuf)} before the next {@code begin}: the message is then appended
 * at that buffer's writer index.
 */
public final class TeleportWriter {

    /** Length of the message header. */
    public static final int HEADER_SIZE = 24;

    /** The largest data section a writer builds. */
    private static final long MAX_DATA = Integer.MAX_VALUE - HEADER_SIZE - 8;

    /** Scratch arrays larger than this are not kept after the message that grew them. */
    static final int KEEP_SCRATCH = 1 << 20;

    /** "DXTP", version 1, flags 0, reserved 0: the header's first 8 bytes as a little-endian u64. */
    private static final long MAGIC_VERSION = 0x0000_0001_5054_5844L;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** For uuids, which §6 stores most significant byte first. */
    private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private final ByteBufAllocator alloc;
    private final boolean deduplicateStrings;
    private final int initialCapacity;
    /** Scratch arrays longer than this are dropped after a message. */
    private final int keepScratch;

    /** The header (bytes 0–23) and data section (from {@link #HEADER_SIZE}) of the message. */
    private byte[] scratch;
    /** Data section length so far (the data section starts at scratch index 24). */
    private int dataEnd;
    private boolean inProgress;
    /**
     * For a message begun with {@link #beginSized}: the declared data section length and the
     * scratch index where the string table starts (behind it, padded); -1 otherwise.
     */
    private int declaredData = -1;
    private int tableStart;
    /**
     * The caller's buffer for the next or current message when {@link #hasTarget}; otherwise the
     * last one given, kept only so that the next {@link #into} of the same buffer stores nothing.
     * (Reference stores cost a GC barrier each, paid per message.)
     */
    private ByteBuf target;
    private boolean hasTarget;
    /** The string table of the message in progress: its first {@code stringsEnd} bytes. */
    private byte[] strings = new byte[0];
    private int stringsEnd;
    private Map<String, Long> stringRefs;
    /** The root layout of the message in progress (the last one's otherwise, for the same reason). */
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
        this.keepScratch = Math.max(KEEP_SCRATCH, initialCapacity);
        this.scratch = new byte[initialCapacity];
    }

    /**
     * Makes the next message (the one the next {@link #begin} starts) be appended to {@code out} at
     * its writer index instead of to a new buffer. {@link #finish()} then returns {@code out} itself
     * with its writer index after the message; the writer takes no reference to it, never releases
     * it and writes nothing to it before {@code finish()} ({@link #abort()} leaves it as it was).
     * Applies to one message.
     *
     * @return this writer
     * @throws IllegalStateException if a message is already in progress
     */
    public TeleportWriter into(ByteBuf out) {
        checkNotNull(out, "out");
        if (inProgress) {
            throw new IllegalStateException("a message is in progress: finish() or abort() it first");
        }
        if (target != out) {
            target = out;
        }
        hasTarget = true;
        return this;
    }

    /**
     * Starts a message whose root struct has {@code layout} and reserves the zeroed root struct at
     * data offset 0, which this returns. The output buffer is taken (or the one given to
     * {@link #into(ByteBuf)} used) by {@link #finish()}.
     *
     * @throws IllegalStateException if a message is already in progress
     */
    public int begin(TeleportLayout layout) {
        checkNotNull(layout, "layout");
        if (inProgress) {
            throw new IllegalStateException("a message is in progress: finish() or abort() it first");
        }
        int size = layout.size();
        byte[] s = scratchCapacity(HEADER_SIZE + (long) size);
        // the header is written whole by finish(); only the struct needs zeroes (its padding)
        Arrays.fill(s, HEADER_SIZE, HEADER_SIZE + size, (byte) 0);
        if (root != layout) {
            root = layout;
        }
        dataEnd = size;
        inProgress = true;
        return 0;
    }

    /**
     * Starts a message whose data section will be exactly {@code dataLength} bytes before its
     * padding to a multiple of 8: the root struct, then every slice block in walk order, each
     * after its alignment gap. Generated {@code write} methods compute that length first and call
     * this, which lets the string table be written in place, behind the data section, instead of
     * being copied there by {@link #finish()}.
     *
     * <p>Unlike {@link #begin(TeleportLayout)}, <b>nothing is zeroed</b> but the alignment gaps
     * before slice blocks: the caller writes every byte of the root struct and of every slice
     * element, padding included (generated code stores padding as part of wider stores).
     * {@link #putSlice} then refuses to grow the data section past {@code dataLength}, and
     * {@code finish()} fails unless the data section came out exactly {@code dataLength} long.
     * A {@code dataLength} too large for a message makes this the same as
     * {@code begin(layout)} (and the slice that does not fit fails in {@code putSlice}).
     *
     * @return the data offset of the root struct, 0
     * @throws IllegalArgumentException if {@code dataLength} is less than the root struct's size
     * @throws IllegalStateException if a message is already in progress
     */
    public int beginSized(TeleportLayout layout, long dataLength) {
        checkNotNull(layout, "layout");
        if (dataLength > MAX_DATA) {
            return begin(layout);
        }
        if (dataLength < layout.size()) {
            throw new IllegalArgumentException("dataLength : " + dataLength + " (expected: >= "
                    + layout.size() + ")");
        }
        if (inProgress) {
            throw new IllegalStateException("a message is in progress: finish() or abort() it first");
        }
        int table = HEADER_SIZE + (((int) dataLength + 7) & -8);
        scratchCapacity(table);
        if (root != layout) {
            root = layout;
        }
        dataEnd = layout.size();
        declaredData = (int) dataLength;
        tableStart = table;
        inProgress = true;
        return 0;
    }

    /** The header and data scratch array, grown to hold at least {@code needed} bytes. */
    private byte[] scratchCapacity(long needed) {
        byte[] s = scratch;
        return needed <= s.length ? s : (scratch = grown(s, needed, 0, ""));
    }

    /**
     * A copy of {@code array} at least {@code needed} (and {@code minimum}) bytes long, doubling its
     * length where that is larger; {@code what} names the array in the error for a message too large.
     */
    private static byte[] grown(byte[] array, long needed, int minimum, String what) {
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message too large: " + what + needed + " bytes");
        }
        long length = Math.max(Math.max(needed, minimum), Math.min(Integer.MAX_VALUE - 8, 2L * array.length));
        return Arrays.copyOf(array, (int) length);
    }

    /** Whether {@link #begin} was called and the message is not yet finished or aborted. */
    public boolean inProgress() {
        return inProgress;
    }

    /** Sets the bool at data offset {@code at} to 0 or 1. */
    public void putBoolean(int at, boolean value) {
        scratch[HEADER_SIZE + at] = (byte) (value ? 1 : 0);
    }

    /** Sets the i8 at data offset {@code at}. */
    public void putByte(int at, byte value) {
        scratch[HEADER_SIZE + at] = value;
    }

    /** Sets the i16 at data offset {@code at}. */
    public void putShort(int at, short value) {
        SHORT.set(scratch, HEADER_SIZE + at, value);
    }

    /** Sets the u16 at data offset {@code at}. */
    public void putChar(int at, char value) {
        SHORT.set(scratch, HEADER_SIZE + at, (short) value);
    }

    /** Sets the i32 at data offset {@code at}. */
    public void putInt(int at, int value) {
        INT.set(scratch, HEADER_SIZE + at, value);
    }

    /**
     * Sets the i64 at data offset {@code at}; also the way to set eight bytes of adjacent fields
     * (and zero padding) at once, as generated code does.
     */
    public void putLong(int at, long value) {
        LONG.set(scratch, HEADER_SIZE + at, value);
    }

    /** Sets the f32 at data offset {@code at}. */
    public void putFloat(int at, float value) {
        INT.set(scratch, HEADER_SIZE + at, Float.floatToRawIntBits(value));
    }

    /** Sets the f64 at data offset {@code at}. */
    public void putDouble(int at, double value) {
        LONG.set(scratch, HEADER_SIZE + at, Double.doubleToRawLongBits(value));
    }

    /**
     * Appends {@code value}'s UTF-8 bytes to the string table (or, with deduplication on, finds an
     * equal string already there) and sets the string reference at data offset {@code at}; the
     * empty string is the reference (0, 0). An unpaired surrogate is written as {@code '?'}.
     */
    public void putString(int at, String value) {
        checkNotNull(value, "value");
        long ref = deduplicateStrings ? deduplicated(value) : appendString(value);
        LONG.set(scratch, HEADER_SIZE + at, ref);
    }

    private long deduplicated(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        if (stringRefs == null) {
            stringRefs = new HashMap<>();
        }
        Long known = stringRefs.get(value);
        if (known != null) {
            return known;
        }
        long ref = appendString(value);
        stringRefs.put(value, ref);
        return ref;
    }

    private long appendString(String value) {
        int n = value.length();
        if (n == 0) {
            return 0;
        }
        int offset = stringsEnd;
        // the string table is in scratch behind the data section (beginSized) or in its own array
        byte[] table;
        int base;
        if (declaredData >= 0) {
            base = tableStart;
            table = scratchCapacity(base + (long) offset + n);
        } else {
            base = 0;
            table = stringsCapacity((long) offset + n);
        }
        int at = base + offset;
        // Assume ASCII: the low byte of each char, straight into the table (for the JDK's compact
        // Latin-1 strings this is one array copy), then check that every char was ASCII, in a
        // read-only pass with no early exit. A string that was not is written again below.
        copyLowBytes(value, n, table, at);
        int seen = 0;
        for (int i = 0; i < n; i++) {
            seen |= value.charAt(i);
        }
        int length = seen < 0x80 ? n : appendUtf8(value, base + (long) offset);
        return appended(offset, length);
    }

    /**
     * Ends the string table at {@code offset + length} after an append of {@code length} bytes at
     * table offset {@code offset}, and returns the reference to them.
     */
    private long appended(int offset, int length) {
        int end = offset + length;
        stringsEnd = end;
        // header + data (≤ MAX_DATA, so no overflow here) + padding + strings must fit an int
        if (end > Integer.MAX_VALUE - HEADER_SIZE - 7 - dataEnd) {
            throw tooLarge("string table of " + end + " bytes");
        }
        return (offset & 0xffffffffL) | ((long) length << 32);
    }

    /**
     * Appends {@code value} to the string table and sets the {@code bytes} reference (offset u32 ‖
     * length u32, §6) at data offset {@code at}; an empty array is the reference (0, 0). Bytes are
     * stored at each occurrence, also with string deduplication on.
     */
    public void putBytes(int at, byte[] value) {
        checkNotNull(value, "value");
        int length = value.length;
        long ref = 0;
        if (length != 0) {
            int offset = stringsEnd;
            int index = tableBase() + offset;
            System.arraycopy(value, 0, tableCapacity((long) index + length), index, length);
            ref = appended(offset, length);
        }
        LONG.set(scratch, HEADER_SIZE + at, ref);
    }

    /**
     * As {@link #putBytes(int, byte[])}, with {@code value}'s readable bytes; its indexes do not
     * move, and the writer keeps no reference to it.
     */
    public void putBytes(int at, ByteBuf value) {
        checkNotNull(value, "value");
        int length = value.readableBytes();
        long ref = 0;
        if (length != 0) {
            int offset = stringsEnd;
            int index = tableBase() + offset;
            value.getBytes(value.readerIndex(), tableCapacity((long) index + length), index, length);
            ref = appended(offset, length);
        }
        LONG.set(scratch, HEADER_SIZE + at, ref);
    }

    /**
     * Sets the {@code decimal} at data offset {@code at} (§6): {@link BigDecimal#toPlainString()},
     * appended to the string table as a string is (and deduplicated with strings when that is on).
     *
     * @throws IllegalArgumentException if the plain text would be longer than
     *         {@link TeleportFieldType#MAX_DECIMAL_LENGTH}
     */
    public void putDecimal(int at, BigDecimal value) {
        checkNotNull(value, "value");
        putString(at, TeleportValues.decimalText(value));
    }

    /**
     * Sets the {@code timestamp} at data offset {@code at} (§6): microseconds since
     * 1970-01-01T00:00:00Z as an i64, finer precision truncated toward the past.
     *
     * @throws IllegalArgumentException if the instant is more than 2^63 µs from the epoch
     */
    public void putTimestamp(int at, Instant value) {
        checkNotNull(value, "value");
        LONG.set(scratch, HEADER_SIZE + at, TeleportValues.micros(value));
    }

    /**
     * Sets the {@code date} at data offset {@code at} (§6): days since 1970-01-01 as an i32.
     *
     * @throws IllegalArgumentException if the date is more than 2^31 days from 1970-01-01
     */
    public void putDate(int at, LocalDate value) {
        checkNotNull(value, "value");
        INT.set(scratch, HEADER_SIZE + at, TeleportValues.epochDay(value));
    }

    /** Sets the {@code uuid} at data offset {@code at} (§6): its 16 bytes, most significant first. */
    public void putUuid(int at, UUID value) {
        checkNotNull(value, "value");
        LONG_BIG_ENDIAN.set(scratch, HEADER_SIZE + at, value.getMostSignificantBits());
        LONG_BIG_ENDIAN.set(scratch, HEADER_SIZE + at + 8, value.getLeastSignificantBits());
    }

    /**
     * Marks the {@code optional} at data offset {@code at} present (§6): presence byte 1 and zero
     * padding up to the value, which the caller then puts at the data offset this returns,
     * {@code at + optional.valueOffset()}.
     *
     * @throws IllegalArgumentException if {@code optional} is not an optional type
     */
    public int putPresent(int at, TeleportFieldType optional) {
        int valueAt = at + checkOptional(optional).valueOffset();
        byte[] s = scratch;
        s[HEADER_SIZE + at] = 1;
        Arrays.fill(s, HEADER_SIZE + at + 1, HEADER_SIZE + valueAt, (byte) 0);
        return valueAt;
    }

    /**
     * Marks the {@code optional} at data offset {@code at} absent (§6): presence byte 0 and every
     * value byte zero.
     *
     * @throws IllegalArgumentException if {@code optional} is not an optional type
     */
    public void putAbsent(int at, TeleportFieldType optional) {
        int size = checkOptional(optional).size();
        Arrays.fill(scratch, HEADER_SIZE + at, HEADER_SIZE + at + size, (byte) 0);
    }

    private static TeleportFieldType checkOptional(TeleportFieldType optional) {
        checkNotNull(optional, "optional");
        if (optional.kind() != TeleportFieldType.Kind.OPTIONAL) {
            throw new IllegalArgumentException("optional : " + optional + " (expected: an optional<T>)");
        }
        return optional;
    }

    /** The index in {@link #tableCapacity}'s array where the string table starts. */
    private int tableBase() {
        return declaredData >= 0 ? tableStart : 0;
    }

    /**
     * Copies the low byte of each of {@code value}'s {@code n} chars to {@code table[at..]}: the
     * (deprecated, not for removal) {@link String#getBytes(int, int, byte[], int)}, which is exactly
     * that and, unlike a {@code charAt} loop, a bulk copy for Latin-1 strings. Correct UTF-8 only when
     * every char is ASCII, which the caller checks.
     */
    @SuppressWarnings("deprecation")
    private static void copyLowBytes(String value, int n, byte[] table, int at) {
        value.getBytes(0, n, table, at);
    }

    /** Writes a string that is not ASCII at table index {@code at}; returns its UTF-8 length. */
    private int appendUtf8(String value, long at) {
        // The JDK encoder writes an unpaired surrogate as '?' (as the readers expect) and every
        // other char as standard UTF-8.
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] table = tableCapacity(at + utf8.length);
        System.arraycopy(utf8, 0, table, (int) at, utf8.length);
        return utf8.length;
    }

    private static IllegalArgumentException tooLarge(String what) {
        return new IllegalArgumentException("message too large: " + what);
    }

    /** The array the string table is built in, grown to hold at least {@code needed} bytes. */
    private byte[] tableCapacity(long needed) {
        return declaredData >= 0 ? scratchCapacity(needed) : stringsCapacity(needed);
    }

    /** The scratch string table, grown to hold at least {@code needed} bytes. */
    private byte[] stringsCapacity(long needed) {
        byte[] table = strings;
        return needed <= table.length ? table : (strings = grown(table, needed, 64, "string table of "));
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
            LONG.set(scratch, HEADER_SIZE + at, 0L);
            return 0;
        }
        int end = dataEnd;
        int start = (end + elementAlign - 1) & -elementAlign;
        long newEnd = start + (long) count * elementSize;
        if (newEnd > MAX_DATA) {
            throw new IllegalArgumentException("message too large: slice of " + count + " × "
                    + elementSize + " bytes at data offset " + start);
        }
        byte[] s;
        if (declaredData >= 0) {
            if (newEnd > declaredData) {
                throw new IllegalStateException("data section grows past its declared "
                        + declaredData + " bytes: slice of " + count + " × " + elementSize
                        + " bytes at data offset " + start);
            }
            // the caller writes every element byte: only the alignment gap needs zeroes
            s = scratch;
            for (int i = HEADER_SIZE + end, gap = HEADER_SIZE + start; i < gap; i++) {
                s[i] = 0;
            }
        } else {
            s = scratchCapacity(HEADER_SIZE + newEnd + 7);
            // alignment gap and elements: zero, so padding is zero
            Arrays.fill(s, HEADER_SIZE + end, HEADER_SIZE + (int) newEnd, (byte) 0);
        }
        dataEnd = (int) newEnd;
        LONG.set(s, HEADER_SIZE + at, (start & 0xffffffffL) | ((long) count << 32));
        return start;
    }

    /**
     * Ends the message: pads the data section to a multiple of 8, appends the string table, writes
     * the header and copies the message into its buffer: a new one from the allocator of exactly
     * the message's length, or the one given to {@link #into(ByteBuf)}. The caller owns (and must
     * release) the returned buffer; the writer is ready for the next message.
     */
    public ByteBuf finish() {
        return finish(alloc);
    }

    /**
     * {@link #finish()}, taking a new buffer (when no {@link #into(ByteBuf)} buffer was given) from
     * {@code allocator} instead of the writer's own: how {@link TeleportEncoder} uses the channel's.
     */
    ByteBuf finish(ByteBufAllocator allocator) {
        if (!inProgress) {
            throw new IllegalStateException("no message in progress: call begin() first");
        }
        ByteBuf out;
        try {
            out = copyOut(allocator);
        } catch (Throwable t) {
            abort();
            throw t;
        }
        reset();
        return out;
    }

    /** Completes the message in scratch and copies it into its buffer, which this returns. */
    private ByteBuf copyOut(ByteBufAllocator allocator) {
        if (declaredData >= 0 && dataEnd != declaredData) {
            throw new IllegalStateException("data section is " + dataEnd
                    + " bytes, declared " + declaredData);
        }
        int dataLength = (dataEnd + 7) & -8;
        int stringLength = stringsEnd;
        long size = (long) HEADER_SIZE + dataLength + stringLength;
        if (size > Integer.MAX_VALUE - 8) {
            throw tooLarge(size + " bytes");
        }
        int total = (int) size;
        // a sized message's string table was written in place, so scratch already holds it all
        byte[] s = declaredData >= 0 ? scratch : scratchCapacity(total);
        int tail = dataEnd & 7;
        if (tail != 0) {
            // zero the padding: the last 8 bytes of the data section keep their first tail bytes
            int last = HEADER_SIZE + dataLength - 8;
            LONG.set(s, last, (long) LONG.get(s, last) & (-1L >>> (64 - 8 * tail)));
        }
        if (stringLength != 0 && declaredData < 0) {
            System.arraycopy(strings, 0, s, HEADER_SIZE + dataLength, stringLength);
        }
        LONG.set(s, 0, MAGIC_VERSION);
        LONG.set(s, 8, root.fingerprint());
        LONG.set(s, 16, (dataLength & 0xffffffffL) | ((long) stringLength << 32));
        if (hasTarget) {
            ByteBuf out = target;
            out.writeBytes(s, 0, total);
            return out;
        }
        ByteBuf out = allocator.buffer(total);
        try {
            out.writeBytes(s, 0, total);
        } catch (Throwable t) {
            out.release();
            throw t;
        }
        return out;
    }

    /**
     * Drops the message in progress, if any. Also forgets a buffer given to {@link #into(ByteBuf)},
     * which is left as it was (nothing is written to it before {@link #finish()}).
     */
    public void abort() {
        reset();
    }

    private void reset() {
        inProgress = false;
        hasTarget = false;
        dataEnd = 0;
        declaredData = -1;
        stringsEnd = 0;
        if (stringRefs != null) {
            stringRefs.clear();
        }
        if (scratch.length > keepScratch) {
            scratch = new byte[initialCapacity];
        }
        if (strings.length > KEEP_SCRATCH) {
            strings = new byte[0];
        }
    }
}
