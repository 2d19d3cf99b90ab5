package dev.dx.bench.teleport.flyweight;

import io.netty.buffer.ByteBuf;

/**
 * The 24-byte Teleport/1 message header (TELEPORT.md §1): validation and writing.
 *
 * <pre>
 *  0               4       5       6               8
 *  +---------------+-------+-------+---------------+
 *  | magic "DXTP"  | ver 1 | flags | reserved      |
 *  +---------------+-------+-------+---------------+
 *  | fingerprint (u64 LE)                          |  8
 *  +-----------------------+-----------------------+
 *  | D: data length (u32)  | S: strings len (u32)  | 16
 *  +-----------------------+-----------------------+
 *  | data section (D bytes, root struct first) ... | 24
 *  | string table (S bytes)                    ... | 24 + D
 * </pre>
 */
final class MessageHeader {

    /** Header length; the root struct starts here. */
    static final int LENGTH = 24;
    /** Offset of the fingerprint. */
    static final int FINGERPRINT_OFFSET = 8;
    /** Offset of D. */
    static final int DATA_LENGTH_OFFSET = 16;
    /** Offset of S. */
    static final int STRINGS_LENGTH_OFFSET = 20;
    /** Bytes 0–7 read as one little-endian long: "DXTP", version 1, flags 0, reserved 0. */
    static final long MAGIC_VERSION = 0x0000_0001_5054_5844L;
    private static final int MAGIC = 0x5054_5844;

    private MessageHeader() {
    }

    /**
     * Checks a message's header against the expected type and the buffer's readable end.
     *
     * @return D in the low 32 bits, S in the high 32 bits (both unsigned)
     * @throws IllegalArgumentException naming the failed check
     */
    static long check(ByteBuf buf, int offset, long fingerprint, int rootSize) {
        int end = buf.writerIndex();
        if (offset < 0 || end - offset < LENGTH) {
            throw new IllegalArgumentException("truncated: header needs " + LENGTH + " bytes");
        }
        if (buf.getLongLE(offset) != MAGIC_VERSION) {
            if (buf.getIntLE(offset) != MAGIC) {
                throw new IllegalArgumentException("bad magic");
            }
            throw new IllegalArgumentException("bad version, flags or reserved bytes");
        }
        if (buf.getLongLE(offset + FINGERPRINT_OFFSET) != fingerprint) {
            throw new IllegalArgumentException("fingerprint mismatch");
        }
        long lengths = buf.getLongLE(offset + DATA_LENGTH_OFFSET);
        long d = lengths & 0xFFFF_FFFFL;
        long s = lengths >>> 32;
        if ((d & 7) != 0 || d < rootSize) {
            throw new IllegalArgumentException("bad data section length: " + d);
        }
        if (LENGTH + d + s > end - offset) {
            throw new IllegalArgumentException("truncated: message needs " + (LENGTH + d + s) + " bytes");
        }
        return lengths;
    }

    /** Writes a header at {@code offset}. */
    static void write(ByteBuf buf, int offset, long fingerprint, int dataLength, int stringsLength) {
        buf.setLongLE(offset, MAGIC_VERSION);
        buf.setLongLE(offset + FINGERPRINT_OFFSET, fingerprint);
        buf.setLongLE(offset + DATA_LENGTH_OFFSET, (dataLength & 0xFFFF_FFFFL) | (long) stringsLength << 32);
    }

    /**
     * Checks a string reference (offset u32 in the low half, length u32 in the high half) against S.
     *
     * @return the reference
     */
    static long checkString(long reference, int stringsLength) {
        if ((reference & 0xFFFF_FFFFL) + (reference >>> 32) > stringsLength) {
            throw new IllegalArgumentException("string reference out of bounds");
        }
        return reference;
    }

    /** Reads a bool byte: 0 or 1, anything else is an error. */
    static boolean bool(ByteBuf buf, int index) {
        byte b = buf.getByte(index);
        if ((b & ~1) != 0) {
            throw new IllegalArgumentException("bad bool: " + b);
        }
        return b != 0;
    }
}
