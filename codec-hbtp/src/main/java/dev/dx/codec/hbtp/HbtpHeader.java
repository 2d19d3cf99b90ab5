package dev.dx.codec.hbtp;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over the 8-byte HBTP/1 header (spec §2). Every access is absolute and little-endian;
 * no method moves a reader or writer index and none allocates.
 *
 * <pre>
 *  0        1        2                 4                                 8
 *  +--------+--------+-----------------+---------------------------------+
 *  | opcode | flags  | sequence (u16)  |          length (u32)           |
 *  +--------+--------+-----------------+---------------------------------+
 * </pre>
 *
 * <p>Use the static accessors directly, or {@link #wrap(ByteBuf, int)} an instance and read it.
 */
public final class HbtpHeader {

    /** The size of the header in bytes, on every platform. */
    public static final int SIZE = 8;
    /** Offset of the opcode byte. */
    public static final int OPCODE_OFFSET = 0;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = 1;
    /** Offset of the u16 sequence. */
    public static final int SEQUENCE_OFFSET = 2;
    /** Offset of the u32 body length. */
    public static final int LENGTH_OFFSET = 4;
    /** The largest sequence number. */
    public static final int MAX_SEQUENCE = 0xFFFF;

    private ByteBuf buffer;
    private int offset;

    /** Points this flyweight at the header starting at {@code offset}; returns {@code this}. */
    public HbtpHeader wrap(ByteBuf buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** The opcode byte, 0-255. */
    public int opcode() {
        return opcode(buffer, offset);
    }

    /** The flags byte, 0-255. */
    public int flags() {
        return flags(buffer, offset);
    }

    /** The sequence, 0-65535. */
    public int sequence() {
        return sequence(buffer, offset);
    }

    /** The body length as sent on the wire, 0 to 2^32-1. */
    public long length() {
        return length(buffer, offset);
    }

    /** Reads the opcode byte of the header at {@code offset}. */
    public static int opcode(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + OPCODE_OFFSET);
    }

    /** Reads the flags byte of the header at {@code offset}. */
    public static int flags(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(offset + FLAGS_OFFSET);
    }

    /** Reads the sequence of the header at {@code offset}. */
    public static int sequence(ByteBuf buf, int offset) {
        return buf.getUnsignedShortLE(offset + SEQUENCE_OFFSET);
    }

    /** Reads the body length of the header at {@code offset}. */
    public static long length(ByteBuf buf, int offset) {
        return buf.getUnsignedIntLE(offset + LENGTH_OFFSET);
    }

    /**
     * Writes a header at {@code offset} (the buffer's capacity must already cover it). Returns
     * {@code buf}.
     */
    public static ByteBuf set(ByteBuf buf, int offset, int opcode, int flags, int sequence, long length) {
        buf.setLongLE(offset, (opcode & 0xFFL)
                | (flags & 0xFFL) << 8
                | (sequence & 0xFFFFL) << 16
                | (length & 0xFFFF_FFFFL) << 32);
        return buf;
    }

    /** Appends a header at the writer index and advances it by {@link #SIZE}. */
    public static ByteBuf write(ByteBuf buf, int opcode, int flags, int sequence, long length) {
        buf.ensureWritable(SIZE);
        set(buf, buf.writerIndex(), opcode, flags, sequence, length);
        buf.writerIndex(buf.writerIndex() + SIZE);
        return buf;
    }
}
