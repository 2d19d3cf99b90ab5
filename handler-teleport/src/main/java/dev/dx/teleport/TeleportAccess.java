package dev.dx.teleport;

import dev.dx.teleport.internal.Bytes;
import dev.dx.teleport.internal.SignatureClasses;
import dev.dx.teleport.internal.Utf8;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Checked reads for generated views. Every string or slice reference is checked against the string
 * table length S or the data section length D before it is followed, with unsigned 64-bit
 * arithmetic so a reference cannot wrap around; a failure is a {@link TeleportFormatException}
 * naming the check. Index arguments are absolute indexes in a message buffer whose index 0 is the
 * header. Generated code calls these; applications read through the generated views.
 */
public final class TeleportAccess {

    private static final int HEADER_SIZE = TeleportMessage.HEADER_SIZE;
    private static final long U32_MAX = 0xffffffffL;

    private static final VarHandle I16 = littleEndian(short[].class);
    private static final VarHandle I32 = littleEndian(int[].class);
    private static final VarHandle I64 = littleEndian(long[].class);
    private static final VarHandle F32 = littleEndian(float[].class);
    private static final VarHandle F64 = littleEndian(double[].class);

    static {
        // so that C2 inlines the reads above whatever else the JVM has loaded (see SignatureClasses)
        SignatureClasses.load();
    }

    private TeleportAccess() {
    }

    private static VarHandle littleEndian(Class<?> arrayType) {
        return MethodHandles.byteBufferViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The content of {@code message}, for a view wrapping it: {@link TeleportMessage#content()}
     * without its reference-count check, which cost a view's every {@code wrap} about as much as
     * several field reads. A view's reads are guarded instead by {@link TeleportMessage#memory()},
     * which fails when first asked for after the message's release and is closed by that release
     * when made before it; its string decoding and byte slices go through the buffer's own checks.
     */
    public static ByteBuf content(TeleportMessage message) {
        return message.buffer;
    }

    /**
     * The bytes {@code [0, length)} of {@code buf} as a {@link ByteBuffer} whose index 0 is
     * {@code buf}'s index 0, sharing its memory (a copy only for a buffer made of several
     * components). Generated views read fixed-size fields through it with the JDK's bounds-checked
     * little-endian gets, which cost less than a {@code ByteBuf}'s per-call reference-count and
     * bounds checks and do not depend on {@code sun.misc.Unsafe}. {@link TeleportMessage} makes one
     * per message; {@code View.wrap(ByteBuf, int)} makes one when the buffer's memory changes.
     */
    public static ByteBuffer memory(ByteBuf buf, int length) {
        // Not a slice of internalNioBuffer (one object instead of nioBuffer's duplicate and slice):
        // that ByteBuffer is shared by every slice of the same pooled buffer, so two threads
        // wrapping messages decoded from one read could each slice the other's position and limit.
        return buf.nioBuffer(0, length);
    }

    /**
     * Whether {@code memory} already views the first {@code length} bytes of {@code buf}, so that a
     * view re-wrapped on a buffer over the same memory can keep it instead of making another:
     * for a heap {@code buf}, the same array at the same offset; for a direct one, the same address,
     * which the caller recorded with {@link #address} when it made {@code memory} (a
     * {@code ByteBuffer} does not tell its address), or {@code -1}.
     */
    public static boolean sameMemory(ByteBuffer memory, long address, ByteBuf buf, int length) {
        if (memory == null || memory.limit() < length) {
            return false;
        }
        if (buf.hasMemoryAddress()) {
            return address != -1 && memory.isDirect() && address == buf.memoryAddress();
        }
        return buf.hasArray() && memory.hasArray() && memory.array() == buf.array()
                && memory.arrayOffset() == buf.arrayOffset();
    }

    /** {@code buf}'s memory address, or {@code -1} if it has none (see {@link #sameMemory}). */
    public static long address(ByteBuf buf) {
        return buf.hasMemoryAddress() ? buf.memoryAddress() : -1;
    }

    /** The i8 at {@code index} of {@code memory} (see {@link #memory}). */
    public static byte i8(ByteBuffer memory, int index) {
        return memory.get(index);
    }

    /** The unsigned byte at {@code index}, as read for a one-byte enum ordinal. */
    public static int u8(ByteBuffer memory, int index) {
        return memory.get(index) & 0xff;
    }

    /** The little-endian i16 at {@code index}. */
    public static short i16(ByteBuffer memory, int index) {
        return (short) I16.get(memory, index);
    }

    /** The little-endian u16 at {@code index}, as a {@code char}. */
    public static char u16(ByteBuffer memory, int index) {
        return (char) (short) I16.get(memory, index);
    }

    /** The little-endian i32 at {@code index}. */
    public static int i32(ByteBuffer memory, int index) {
        return (int) I32.get(memory, index);
    }

    /** The little-endian i64 at {@code index}. */
    public static long i64(ByteBuffer memory, int index) {
        return (long) I64.get(memory, index);
    }

    /** The little-endian f32 at {@code index}. */
    public static float f32(ByteBuffer memory, int index) {
        return (float) F32.get(memory, index);
    }

    /** The little-endian f64 at {@code index}. */
    public static double f64(ByteBuffer memory, int index) {
        return (double) F64.get(memory, index);
    }

    /** The bool at {@code index}, which must be 0 or 1. */
    public static boolean bool(ByteBuffer memory, int index) {
        return bool(memory.get(index));
    }

    /** Decodes a bool byte, which must be 0 or 1. */
    public static boolean bool(byte value) {
        // kept tiny so the JIT inlines it into every accessor; the failure is built out of line
        if ((value & 0xfe) != 0) {
            throw boolFailure(value);
        }
        return value != 0;
    }

    private static TeleportFormatException boolFailure(byte value) {
        return new TeleportFormatException(TeleportCheck.BOOL_VALUE,
                (value & 0xff) + " (expected: 0 or 1)");
    }

    /** Returns {@code ordinal} if it is below {@code count}, the enum's number of constants. */
    public static int ordinal(int ordinal, int count) {
        if (ordinal >= count) {
            throw new TeleportFormatException(TeleportCheck.ENUM_ORDINAL,
                    ordinal + " (expected: < " + count + ")");
        }
        return ordinal;
    }

    /**
     * Reads the string reference at {@code refIndex} as one little-endian u64 (offset in the low,
     * length in the high 32 bits) and returns it after checking that offset + length fits in 32
     * bits and in S. Decode it with {@link #refOffset(long)} and {@link #refLength(long)}.
     */
    public static long stringRef(ByteBuf buf, int refIndex, int stringLength) {
        return checkStringRef(buf.getLongLE(refIndex), stringLength);
    }

    /** As {@link #stringRef(ByteBuf, int, int)}, reading through {@link #memory}. */
    public static long stringRef(ByteBuffer memory, int refIndex, int stringLength) {
        return checkStringRef(i64(memory, refIndex), stringLength);
    }

    private static long checkStringRef(long ref, int stringLength) {
        long offset = ref & U32_MAX;
        long length = ref >>> 32;
        long end = offset + length;
        if (end > stringLength) {
            throw stringFailure(offset, length, end, stringLength);
        }
        return ref;
    }

    private static TeleportFormatException stringFailure(long offset, long length, long end,
            int stringLength) {
        if (end > U32_MAX) {
            return new TeleportFormatException(TeleportCheck.STRING_OVERFLOW, "offset " + offset
                    + " + length " + length + " = " + end + " (expected: <= 2^32 - 1)");
        }
        return new TeleportFormatException(TeleportCheck.STRING_BOUNDS, "offset " + offset
                + " + length " + length + " = " + end + " (expected: <= S = " + stringLength + ")");
    }

    /** The low 32 bits of a checked reference: the offset. */
    public static int refOffset(long ref) {
        return (int) ref;
    }

    /** The high 32 bits of a checked reference: a string's length or a slice's count. */
    public static int refLength(long ref) {
        return (int) (ref >>> 32);
    }

    /**
     * Checks the string reference at {@code refIndex} and returns the absolute index of its first
     * byte; its length is {@code buf.getIntLE(refIndex + 4)}, now known to be within S.
     */
    public static int stringIndex(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        return HEADER_SIZE + dataLength + (int) stringRef(buf, refIndex, stringLength);
    }

    /**
     * The checked string at {@code refIndex}, decoded from UTF-8 through {@code buf} (generated views
     * use {@link #string(ByteBuffer, int, int, int)}).
     */
    public static String string(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        long ref = stringRef(buf, refIndex, stringLength);
        int length = (int) (ref >>> 32);
        return length == 0 ? ""
                : buf.toString(HEADER_SIZE + dataLength + (int) ref, length, StandardCharsets.UTF_8);
    }

    /**
     * The checked string at {@code refIndex} of {@code memory} (see {@link #memory}), decoded from
     * UTF-8: straight from the array of a heap buffer, else through one bulk copy. Reading through
     * the message's memory, unlike through its {@code ByteBuf}, needs no thread-local scratch, and
     * fails ({@link IndexOutOfBoundsException}) once the message's release has closed the memory.
     */
    public static String string(ByteBuffer memory, int refIndex, int dataLength, int stringLength) {
        long ref = stringRef(memory, refIndex, stringLength);
        int length = (int) (ref >>> 32);
        if (length == 0) {
            return "";
        }
        int at = HEADER_SIZE + dataLength + (int) ref;
        if (memory.hasArray()) {
            // the array is read directly: check against the limit a release drops to 0
            Objects.checkFromIndexSize(at, length, memory.limit());
            return new String(memory.array(), memory.arrayOffset() + at, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        memory.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The checked string's UTF-8 bytes, as a slice sharing {@code buf}'s memory (not retained). */
    public static ByteBuf stringBytes(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        long ref = stringRef(buf, refIndex, stringLength);
        return buf.slice(HEADER_SIZE + dataLength + (int) ref, (int) (ref >>> 32));
    }

    /**
     * Whether the checked string at {@code refIndex} of {@code memory} (see {@link #memory}) equals
     * {@code value}, comparing {@code value}'s UTF-8 encoding with the stored bytes as it goes;
     * nothing is decoded or allocated. The string's length is
     * {@code refLength(stringRef(memory, refIndex, stringLength))}.
     */
    public static boolean stringEquals(ByteBuffer memory, int refIndex, int dataLength,
            int stringLength, CharSequence value) {
        long ref = stringRef(memory, refIndex, stringLength);
        return Utf8.equals(memory, HEADER_SIZE + dataLength + (int) ref, (int) (ref >>> 32), value);
    }

    /**
     * Whether the checked string at {@code refIndex} of {@code memory} equals {@code utf8}, the
     * whole array, compared in place: the test against a constant kept as UTF-8 bytes.
     */
    public static boolean stringEquals(ByteBuffer memory, int refIndex, int dataLength,
            int stringLength, byte[] utf8) {
        long ref = stringRef(memory, refIndex, stringLength);
        int length = (int) (ref >>> 32);
        return length == utf8.length
                && Bytes.equal(memory, HEADER_SIZE + dataLength + (int) ref, utf8, 0, length);
    }

    /**
     * Whether the checked string at {@code refIndex} of {@code memory} equals the readable bytes of
     * {@code utf8}, compared in place (the same job as comparing two byte arrays; a heap
     * {@code utf8} straight from its array); no index moves.
     */
    public static boolean stringEquals(ByteBuffer memory, int refIndex, int dataLength,
            int stringLength, ByteBuf utf8) {
        long ref = stringRef(memory, refIndex, stringLength);
        int length = (int) (ref >>> 32);
        if (length != utf8.readableBytes()) {
            return false;
        }
        int at = HEADER_SIZE + dataLength + (int) ref;
        return utf8.hasArray()
                ? Bytes.equal(memory, at, utf8.array(), utf8.arrayOffset() + utf8.readerIndex(), length)
                : Bytes.equal(memory, at, utf8, utf8.readerIndex(), length);
    }

    /**
     * Reads the slice reference at {@code refIndex} as one little-endian u64 (offset in the low,
     * count in the high 32 bits) and returns it after checking it for elements of
     * {@code elementSize} bytes aligned to {@code elementAlign}: offset + count × size fits in 32
     * bits and in D, the offset is aligned and the count is a non-negative {@code int} (a count
     * above 2^31 - 1, possible only for 0-byte elements, is {@link TeleportCheck#SLICE_OVERFLOW}).
     * A checked reference is never {@code -1}, which generated views use for "not yet checked".
     */
    public static long sliceRef(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign) {
        return checkSliceRef(buf.getLongLE(refIndex), dataLength, elementSize, elementAlign);
    }

    /** As {@link #sliceRef(ByteBuf, int, int, int, int)}, reading through {@link #memory}. */
    public static long sliceRef(ByteBuffer memory, int refIndex, int dataLength, int elementSize,
            int elementAlign) {
        return checkSliceRef(i64(memory, refIndex), dataLength, elementSize, elementAlign);
    }

    private static long checkSliceRef(long ref, int dataLength, int elementSize, int elementAlign) {
        long offset = ref & U32_MAX;
        long count = ref >>> 32;
        // count < 2^32 and elementSize < 2^31: no 64-bit overflow
        long end = offset + count * elementSize;
        if (end > dataLength || ref < 0 || (offset & (elementAlign - 1)) != 0) {
            throw sliceFailure(offset, count, end, dataLength, elementSize, elementAlign);
        }
        return ref;
    }

    private static TeleportFormatException sliceFailure(long offset, long count, long end,
            int dataLength, int elementSize, int elementAlign) {
        if (end > U32_MAX) {
            return new TeleportFormatException(TeleportCheck.SLICE_OVERFLOW, "offset " + offset
                    + " + " + count + " × " + elementSize + " = " + end + " (expected: <= 2^32 - 1)");
        }
        if (end > dataLength) {
            return new TeleportFormatException(TeleportCheck.SLICE_BOUNDS, "offset " + offset + " + "
                    + count + " × " + elementSize + " = " + end + " (expected: <= D = " + dataLength + ")");
        }
        if (count > Integer.MAX_VALUE) {
            // Only 0-byte elements (an empty record) get here: such a count fits in D but is not a
            // Java int, array length or index, so it is refused rather than read back as negative.
            return new TeleportFormatException(TeleportCheck.SLICE_OVERFLOW, "count " + count
                    + " of " + elementSize + "-byte elements (expected: <= 2^31 - 1)");
        }
        return new TeleportFormatException(TeleportCheck.SLICE_ALIGNMENT, "offset " + offset
                + " (expected: a multiple of " + elementAlign + ")");
    }

    /**
     * The absolute index of element {@code index} of a slice whose reference {@code ref} was
     * checked by {@link #sliceRef}, after checking that {@code 0 <= index < count}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below the count
     */
    public static int element(long ref, int elementSize, int index) {
        int count = (int) (ref >>> 32);
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index : " + index + " (expected: 0-" + (count - 1) + ")");
        }
        return HEADER_SIZE + (int) ref + index * elementSize;
    }

    /**
     * Checks the slice reference at {@code refIndex} for elements of {@code elementSize} bytes
     * aligned to {@code elementAlign} and returns the absolute index of its first element; its
     * count is {@code buf.getIntLE(refIndex + 4)}, now known to fit in D and to be a non-negative
     * {@code int}. See {@link #sliceRef}.
     */
    public static int sliceIndex(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign) {
        return HEADER_SIZE + (int) sliceRef(buf, refIndex, dataLength, elementSize, elementAlign);
    }

    /** The checked slice's element count. */
    public static int sliceCount(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign) {
        return (int) (sliceRef(buf, refIndex, dataLength, elementSize, elementAlign) >>> 32);
    }

    /**
     * Returns the absolute index of element {@code index} of the slice at {@code refIndex}, after
     * checking the reference and that {@code 0 <= index < count}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below the count
     */
    public static int elementIndex(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign, int index) {
        return element(sliceRef(buf, refIndex, dataLength, elementSize, elementAlign), elementSize,
                index);
    }
}
