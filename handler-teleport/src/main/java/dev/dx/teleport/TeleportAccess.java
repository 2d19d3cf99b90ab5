package dev.dx.teleport;

import dev.dx.teleport.internal.Utf8;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

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

    private TeleportAccess() {
    }

    /** Decodes a bool byte, which must be 0 or 1. */
    public static boolean bool(byte value) {
        if (value == 0) {
            return false;
        }
        if (value == 1) {
            return true;
        }
        throw new TeleportFormatException(TeleportCheck.BOOL_VALUE,
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
        long ref = buf.getLongLE(refIndex);
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

    /** The checked string at {@code refIndex}, decoded from UTF-8. */
    public static String string(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        long ref = stringRef(buf, refIndex, stringLength);
        int length = (int) (ref >>> 32);
        return length == 0 ? ""
                : buf.toString(HEADER_SIZE + dataLength + (int) ref, length, StandardCharsets.UTF_8);
    }

    /** The checked string's UTF-8 bytes, as a slice sharing {@code buf}'s memory (not retained). */
    public static ByteBuf stringBytes(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        long ref = stringRef(buf, refIndex, stringLength);
        return buf.slice(HEADER_SIZE + dataLength + (int) ref, (int) (ref >>> 32));
    }

    /** The checked string's length in UTF-8 bytes. */
    public static int stringLength(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        return (int) (stringRef(buf, refIndex, stringLength) >>> 32);
    }

    /**
     * Whether the checked string equals {@code value}, comparing {@code value}'s UTF-8 encoding
     * with the stored bytes as it goes; nothing is decoded or allocated.
     */
    public static boolean stringEquals(ByteBuf buf, int refIndex, int dataLength, int stringLength,
            CharSequence value) {
        long ref = stringRef(buf, refIndex, stringLength);
        return Utf8.equals(buf, HEADER_SIZE + dataLength + (int) ref, (int) (ref >>> 32), value);
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
        long ref = buf.getLongLE(refIndex);
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
