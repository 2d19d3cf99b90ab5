package dev.dx.bench.teleport.flyweight;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written reader of a Teleport/1 {@code User} message (TELEPORT.md §5).
 *
 * <pre>
 *  0                               8
 *  +-------------------------------+
 *  | id (i64)                      |  0
 *  +---------------+---------------+
 *  | name offset   | name length   |  8   (into the string table)
 *  +---+---+-------+---------------+
 *  |age|act| zero padding          | 16
 *  +---+---+-----------------------+
 * </pre>
 *
 * <p>{@link #wrap(ByteBuf, int)} checks the header (magic, version, fingerprint, lengths) and
 * returns {@code this}; accessors read at {@code root + X_OFFSET}. Not thread-safe; reuse one
 * per thread.
 */
public final class UserFlyweight {

    /** Root struct size. */
    public static final int SIZE = 24;
    /** {@code FNV-1a 64("struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8")}. */
    public static final long FINGERPRINT = 0xdc41_4aab_c540_60cbL;
    /** Offset of id. */
    public static final int ID_OFFSET = 0;
    /** Offset of the name reference. */
    public static final int NAME_OFFSET = 8;
    /** Offset of age. */
    public static final int AGE_OFFSET = 16;
    /** Offset of active. */
    public static final int ACTIVE_OFFSET = 17;

    private ByteBuf buf;
    private int root;
    private int strings;
    private int stringsLength;

    /**
     * Checks the message that starts at {@code offset} and points this view at its root.
     *
     * @return this
     * @throws IllegalArgumentException naming the failed check
     */
    public UserFlyweight wrap(ByteBuf buf, int offset) {
        long lengths = MessageHeader.check(buf, offset, FINGERPRINT, SIZE);
        int d = (int) lengths;
        this.buf = buf;
        this.root = offset + MessageHeader.LENGTH;
        this.strings = root + d;
        this.stringsLength = (int) (lengths >>> 32);
        return this;
    }

    /** @return id */
    public long id() {
        return buf.getLongLE(root + ID_OFFSET);
    }

    /** @return age */
    public byte age() {
        return buf.getByte(root + AGE_OFFSET);
    }

    /** @return active */
    public boolean active() {
        return MessageHeader.bool(buf, root + ACTIVE_OFFSET);
    }

    /** @return the name's UTF-8 length in bytes */
    public int nameLength() {
        return (int) (MessageHeader.checkString(buf.getLongLE(root + NAME_OFFSET), stringsLength) >>> 32);
    }

    /** @return whether the name's bytes equal {@code utf8}'s readable bytes, without decoding */
    public boolean nameEquals(ByteBuf utf8) {
        long ref = MessageHeader.checkString(buf.getLongLE(root + NAME_OFFSET), stringsLength);
        int length = (int) (ref >>> 32);
        return length == utf8.readableBytes()
                && ByteBufUtil.equals(buf, strings + (int) ref, utf8, utf8.readerIndex(), length);
    }

    /** @return the name, decoded (allocates) */
    public String name() {
        long ref = MessageHeader.checkString(buf.getLongLE(root + NAME_OFFSET), stringsLength);
        return buf.toString(strings + (int) ref, (int) (ref >>> 32), StandardCharsets.UTF_8);
    }
}
