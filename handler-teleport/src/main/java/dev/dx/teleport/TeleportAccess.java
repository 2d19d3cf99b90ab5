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
     * Checks the string reference at {@code refIndex} and returns the absolute index of its first
     * byte; its length is {@code buf.getIntLE(refIndex + 4)}, now known to be within S.
     */
    public static int stringIndex(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        long offset = buf.getUnsignedIntLE(refIndex);
        long length = buf.getUnsignedIntLE(refIndex + 4);
        long end = offset + length;
        if (end > U32_MAX) {
            throw new TeleportFormatException(TeleportCheck.STRING_OVERFLOW, "offset " + offset
                    + " + length " + length + " = " + end + " (expected: <= 2^32 - 1)");
        }
        if (end > stringLength) {
            throw new TeleportFormatException(TeleportCheck.STRING_BOUNDS, "offset " + offset
                    + " + length " + length + " = " + end + " (expected: <= S = " + stringLength + ")");
        }
        return HEADER_SIZE + dataLength + (int) offset;
    }

    /** The checked string at {@code refIndex}, decoded from UTF-8. */
    public static String string(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        int index = stringIndex(buf, refIndex, dataLength, stringLength);
        int length = buf.getIntLE(refIndex + 4);
        return length == 0 ? "" : buf.toString(index, length, StandardCharsets.UTF_8);
    }

    /** The checked string's UTF-8 bytes, as a slice sharing {@code buf}'s memory (not retained). */
    public static ByteBuf stringBytes(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        int index = stringIndex(buf, refIndex, dataLength, stringLength);
        return buf.slice(index, buf.getIntLE(refIndex + 4));
    }

    /** The checked string's length in UTF-8 bytes. */
    public static int stringLength(ByteBuf buf, int refIndex, int dataLength, int stringLength) {
        stringIndex(buf, refIndex, dataLength, stringLength);
        return buf.getIntLE(refIndex + 4);
    }

    /**
     * Whether the checked string equals {@code value}, comparing {@code value}'s UTF-8 encoding
     * with the stored bytes as it goes; nothing is decoded or allocated.
     */
    public static boolean stringEquals(ByteBuf buf, int refIndex, int dataLength, int stringLength,
            CharSequence value) {
        int index = stringIndex(buf, refIndex, dataLength, stringLength);
        return Utf8.equals(buf, index, buf.getIntLE(refIndex + 4), value);
    }

    /**
     * Checks the slice reference at {@code refIndex} for elements of {@code elementSize} bytes
     * aligned to {@code elementAlign} and returns the absolute index of its first element; its
     * count is {@code buf.getIntLE(refIndex + 4)}, now known to fit in D and to be a non-negative
     * {@code int} (a count above 2^31 - 1, possible only for 0-byte elements, is
     * {@link TeleportCheck#SLICE_OVERFLOW}).
     */
    public static int sliceIndex(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign) {
        long offset = buf.getUnsignedIntLE(refIndex);
        long count = buf.getUnsignedIntLE(refIndex + 4);
        long end = offset + count * elementSize;
        if (end > U32_MAX) {
            throw new TeleportFormatException(TeleportCheck.SLICE_OVERFLOW, "offset " + offset
                    + " + " + count + " × " + elementSize + " = " + end + " (expected: <= 2^32 - 1)");
        }
        if (end > dataLength) {
            throw new TeleportFormatException(TeleportCheck.SLICE_BOUNDS, "offset " + offset + " + "
                    + count + " × " + elementSize + " = " + end + " (expected: <= D = " + dataLength + ")");
        }
        if (count > Integer.MAX_VALUE) {
            // Only 0-byte elements (an empty record) get here: such a count fits in D but is not a
            // Java int, array length or index, so it is refused rather than read back as negative.
            throw new TeleportFormatException(TeleportCheck.SLICE_OVERFLOW, "count " + count
                    + " of " + elementSize + "-byte elements (expected: <= 2^31 - 1)");
        }
        if ((offset & (elementAlign - 1)) != 0) {
            throw new TeleportFormatException(TeleportCheck.SLICE_ALIGNMENT, "offset " + offset
                    + " (expected: a multiple of " + elementAlign + ")");
        }
        return HEADER_SIZE + (int) offset;
    }

    /** The checked slice's element count. */
    public static int sliceCount(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign) {
        sliceIndex(buf, refIndex, dataLength, elementSize, elementAlign);
        return buf.getIntLE(refIndex + 4);
    }

    /**
     * Returns the absolute index of element {@code index} of the slice at {@code refIndex}, after
     * checking the reference and that {@code 0 <= index < count}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below the count
     */
    public static int elementIndex(ByteBuf buf, int refIndex, int dataLength, int elementSize,
            int elementAlign, int index) {
        int start = sliceIndex(buf, refIndex, dataLength, elementSize, elementAlign);
        int count = buf.getIntLE(refIndex + 4);
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index : " + index + " (expected: 0-" + (count - 1) + ")");
        }
        return start + index * elementSize;
    }
}
