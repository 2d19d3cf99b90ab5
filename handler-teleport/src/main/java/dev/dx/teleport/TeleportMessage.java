package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.nio.ByteBuffer;

/**
 * One validated Teleport/1 message: a buffer whose index 0 is the header, and the layout of its
 * root type.
 *
 * <p>{@link #wrap(ByteBuf, TeleportLayout)} makes the checks the format requires (the same as
 * {@link TeleportMessageFlyweight}'s) before any view is handed out: at least 24 bytes, the magic {@code DXTP}, version 1, zero flags and reserved
 * bytes, a data section length D that is a multiple of 8, 24 + D + S within the buffer, the
 * expected fingerprint and a data section that holds the root struct. Each failure is a
 * {@link TeleportFormatException} naming its {@link TeleportCheck}. The string and slice references
 * inside the data section are checked later, by the generated view, before one is followed.
 *
 * <p>A message is reference counted through its buffer: whoever receives it (for example from
 * {@link TeleportDecoder}) releases it, and views over it are valid only until then. A view reads
 * with absolute gets, so the buffer's reader and writer indexes never move.
 */
public final class TeleportMessage extends DefaultByteBufHolder {

    /** Length of the header ({@link TeleportRuntime#HEADER_SIZE}). */
    public static final int HEADER_SIZE = TeleportRuntime.HEADER_SIZE;

    private final TeleportLayout layout;
    private final int dataLength;
    private final int stringLength;
    /** Made on first use: a message that is routed or copied but never viewed does without it. */
    private ByteBuffer memory;

    private TeleportMessage(ByteBuf content, TeleportLayout layout, int dataLength, int stringLength) {
        super(content);
        this.layout = layout;
        this.dataLength = dataLength;
        this.stringLength = stringLength;
    }

    /**
     * Validates the message that starts at {@code buf}'s reader index against {@code expected} and
     * returns it; bytes after its 24 + D + S are not part of it. On success the message takes over
     * the caller's reference to {@code buf} (release the message, not the buffer); on failure the
     * buffer is left untouched and still belongs to the caller. The message's content is a slice
     * of {@code buf}, or {@code buf} itself when its readable bytes are exactly the message and
     * start at index 0. The checks are those of {@link TeleportMessageFlyweight#wrap}; to validate
     * and read without allocating, use a flyweight instead.
     *
     * @throws TeleportFormatException naming the failed check
     */
    public static TeleportMessage wrap(ByteBuf buf, TeleportLayout expected) {
        checkNotNull(buf, "buf");
        checkNotNull(expected, "expected");
        int index = buf.readerIndex();
        int available = buf.readableBytes();
        TeleportLayout layout = TeleportMessageFlyweight.checkHeader(buf, index, available, expected, null,
                Long.MAX_VALUE);
        return slice(buf, index, available, layout);
    }

    /** As {@link #wrap(ByteBuf, TeleportLayout)}, accepting any of several root types. */
    public static TeleportMessage wrap(ByteBuf buf, TeleportLayout... accepted) {
        checkNotNull(buf, "buf");
        checkNotNull(accepted, "accepted");
        int index = buf.readerIndex();
        int available = buf.readableBytes();
        TeleportLayout layout = TeleportMessageFlyweight.checkHeader(buf, index, available, null, accepted,
                Long.MAX_VALUE);
        return slice(buf, index, available, layout);
    }

    private static TeleportMessage slice(ByteBuf buf, int index, int available, TeleportLayout layout) {
        long lengths = buf.getLongLE(index + TeleportRuntime.DATA_LENGTH_OFFSET);
        long total = TeleportMessageFlyweight.totalLength(lengths);
        if (total > available) {
            throw TeleportMessageFlyweight.messageLength(total, available);
        }
        // a buffer that is exactly the message is used as is (no slice to allocate or read through)
        ByteBuf content = index == 0 && total == available ? buf : buf.slice(index, (int) total);
        return new TeleportMessage(content, layout, (int) lengths, (int) (lengths >>> 32));
    }

    /**
     * Wraps a buffer whose readable bytes are exactly one message whose header was checked by
     * {@link TeleportMessageFlyweight#checkHeader}; takes over the caller's reference.
     */
    static TeleportMessage wrapChecked(ByteBuf message, TeleportLayout layout) {
        long lengths = message.getLongLE(message.readerIndex() + TeleportRuntime.DATA_LENGTH_OFFSET);
        return new TeleportMessage(message, layout, (int) lengths, (int) (lengths >>> 32));
    }

    /** The root type's layout (the one whose fingerprint the header carries). */
    public TeleportLayout layout() {
        return layout;
    }

    /** The fingerprint in the header. */
    public long fingerprint() {
        return layout.fingerprint();
    }

    /** D, the data section length. */
    public int dataLength() {
        return dataLength;
    }

    /** S, the string table length. */
    public int stringLength() {
        return stringLength;
    }

    /** 24 + D + S. */
    public int length() {
        return HEADER_SIZE + dataLength + stringLength;
    }

    /**
     * Returns {@code expected} if this message's root is that type.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#FINGERPRINT}) if it is another type
     */
    public TeleportLayout expect(TeleportLayout expected) {
        if (expected != layout && expected.fingerprint() != layout.fingerprint()) {
            throw new TeleportFormatException(TeleportCheck.FINGERPRINT, "message is " + layout.name()
                    + " 0x" + Long.toHexString(layout.fingerprint()) + " (expected: "
                    + expected.name() + " 0x" + Long.toHexString(expected.fingerprint()) + ")");
        }
        return expected;
    }

    /**
     * The message's bytes as a {@link ByteBuffer} sharing the content's memory (index 0 is the
     * header), through which a {@link TeleportMessageFlyweight} wrapping this message reads. When
     * this message's release frees the content, the buffer's limit drops to 0, so a view still reading it fails with an {@link IndexOutOfBoundsException}
     * instead of reading memory the pool has handed to someone else. Releasing the content directly
     * ({@code content().release()}) skips that guard; release the message. Made on the first
     * call (one or two small {@code ByteBuffer} objects, sharing the content's memory), then kept.
     *
     * @throws io.netty.util.IllegalReferenceCountException if first called after the release
     */
    public ByteBuffer memory() {
        ByteBuffer m = memory;
        if (m == null) {
            // Not a slice of internalNioBuffer (one object instead of nioBuffer's duplicate and
            // slice): that ByteBuffer is shared by every slice of the same pooled buffer, so two
            // threads wrapping messages decoded from one read could each move the other's limit.
            m = memory = content().nioBuffer(0, length());
        }
        return m;
    }

    @Override
    public boolean release() {
        return invalidateIf(super.release());
    }

    @Override
    public boolean release(int decrement) {
        return invalidateIf(super.release(decrement));
    }

    private boolean invalidateIf(boolean freed) {
        if (freed && memory != null) {
            memory.limit(0);
        }
        return freed;
    }

    @Override
    public TeleportMessage replace(ByteBuf content) {
        return new TeleportMessage(content, layout, dataLength, stringLength);
    }

    @Override
    public TeleportMessage copy() {
        return replace(content().copy());
    }

    @Override
    public TeleportMessage duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public TeleportMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public TeleportMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public TeleportMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public TeleportMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public TeleportMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "TeleportMessage(" + layout.name() + ", D=" + dataLength + ", S=" + stringLength
                + ", refCnt=" + refCnt() + ")";
    }
}
