package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.nio.ByteBuffer;

/**
 * One validated Teleport/1 message: a buffer whose index 0 is the header, and the layout of its
 * root type.
 *
 * <p>{@link #wrap(ByteBuf, TeleportLayout)} makes the checks the format requires before any view
 * is handed out: at least 24 bytes, the magic {@code DXTP}, version 1, zero flags and reserved
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

    /** Length of the header. */
    public static final int HEADER_SIZE = 24;

    /** "DXTP" read as a little-endian u32. */
    static final int MAGIC = 0x50545844;

    /** "DXTP", version 1, flags 0, reserved 0: the header's first 8 bytes as a little-endian u64. */
    private static final long MAGIC_VERSION = 0x0000_0001_5054_5844L;

    /** The content, kept here too so that views need not go through {@link #content()}'s check. */
    final ByteBuf buffer;
    private final TeleportLayout layout;
    private final int dataLength;
    private final int stringLength;
    /** Made on first use: a message that is routed or copied but never viewed does without it. */
    private ByteBuffer memory;

    private TeleportMessage(ByteBuf content, TeleportLayout layout, int dataLength, int stringLength) {
        super(content);
        this.buffer = content;
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
     * start at index 0.
     *
     * @throws TeleportFormatException naming the failed check
     */
    public static TeleportMessage wrap(ByteBuf buf, TeleportLayout expected) {
        checkNotNull(buf, "buf");
        checkNotNull(expected, "expected");
        int index = buf.readerIndex();
        int available = buf.readableBytes();
        checkHeader(buf, index, available, expected, Long.MAX_VALUE);
        return slice(buf, index, available, expected);
    }

    /** As {@link #wrap(ByteBuf, TeleportLayout)}, accepting any of several root types. */
    public static TeleportMessage wrap(ByteBuf buf, TeleportLayout... accepted) {
        checkNotNull(buf, "buf");
        checkNotNull(accepted, "accepted");
        int index = buf.readerIndex();
        int available = buf.readableBytes();
        TeleportLayout layout = checkHeader(buf, index, available, accepted, Long.MAX_VALUE);
        return slice(buf, index, available, layout);
    }

    private static TeleportMessage slice(ByteBuf buf, int index, int available, TeleportLayout layout) {
        long lengths = buf.getLongLE(index + 16);
        long total = HEADER_SIZE + (lengths & 0xffffffffL) + (lengths >>> 32);
        if (total > available) {
            throw new TeleportFormatException(TeleportCheck.MESSAGE_LENGTH, "24 + D + S = " + total
                    + " bytes but only " + available + " available");
        }
        // a buffer that is exactly the message is used as is (no slice to allocate or read through)
        ByteBuf content = index == 0 && total == available ? buf : buf.slice(index, (int) total);
        return new TeleportMessage(content, layout, (int) lengths, (int) (lengths >>> 32));
    }

    /**
     * Makes the same checks as {@link #wrap(ByteBuf, TeleportLayout)} on a message that starts at
     * index 0 of {@code buf} and may use its first {@code buf.writerIndex()} bytes, without
     * allocating and without taking ownership, and returns the message length 24 + D + S. A view
     * can then be wrapped directly: {@code new X_Teleport.View().wrap(buf, HEADER_SIZE)}, which
     * makes a {@code ByteBuffer} over the bytes unless the view last read the same memory (the same
     * array or address; see {@link TeleportAccess#sameMemory}). This is the garbage-free path for
     * code that owns and reuses its buffers (the decoder hands out {@code TeleportMessage}s instead);
     * such a view has no release guard.
     *
     * @throws TeleportFormatException naming the failed check
     */
    public static int validate(ByteBuf buf, TeleportLayout expected) {
        checkNotNull(buf, "buf");
        checkNotNull(expected, "expected");
        int available = buf.writerIndex();
        if (available < HEADER_SIZE) {
            throw new TeleportFormatException(TeleportCheck.HEADER_LENGTH,
                    available + " bytes (expected: >= 24)");
        }
        checkHeader(buf, 0, available, expected, Long.MAX_VALUE);
        long total = totalLength(buf, 0);
        if (total > available) {
            throw new TeleportFormatException(TeleportCheck.MESSAGE_LENGTH, "24 + D + S = " + total
                    + " bytes but only " + available + " available");
        }
        return (int) total;
    }

    /**
     * Wraps a buffer whose readable bytes are exactly one message already checked by
     * {@link #checkHeader}; takes over the caller's reference.
     */
    static TeleportMessage wrapChecked(ByteBuf message, TeleportLayout layout) {
        long lengths = message.getLongLE(message.readerIndex() + 16);
        return new TeleportMessage(message, layout, (int) lengths, (int) (lengths >>> 32));
    }

    /** 24 + D + S of the header at {@code index}, as an unsigned sum. */
    static long totalLength(ByteBuf buf, int index) {
        long lengths = buf.getLongLE(index + 16);
        return HEADER_SIZE + (lengths & 0xffffffffL) + (lengths >>> 32);
    }

    /**
     * Makes every check the 24 header bytes at {@code index} decide and returns the accepted layout
     * matching the fingerprint. Does not check that the whole message is available.
     */
    static TeleportLayout checkHeader(ByteBuf buf, int index, int available,
            TeleportLayout[] accepted, long maxMessageSize) {
        return checkHeader(buf, index, available, null, accepted, maxMessageSize);
    }

    private static void checkHeader(ByteBuf buf, int index, int available, TeleportLayout expected,
            long maxMessageSize) {
        checkHeader(buf, index, available, expected, null, maxMessageSize);
    }

    /** Checks against {@code expected} if it is not null, else against {@code accepted}. */
    private static TeleportLayout checkHeader(ByteBuf buf, int index, int available,
            TeleportLayout expected, TeleportLayout[] accepted, long maxMessageSize) {
        if (available < HEADER_SIZE) {
            throw new TeleportFormatException(TeleportCheck.HEADER_LENGTH,
                    available + " bytes (expected: >= 24)");
        }
        // magic, version, flags and reserved: one 8-byte read, one compare when all is well
        long first = buf.getLongLE(index);
        if (first != MAGIC_VERSION) {
            throw badPrefix(first);
        }
        long lengths = buf.getLongLE(index + 16);
        long dataLength = lengths & 0xffffffffL;
        if ((dataLength & 7) != 0) {
            throw new TeleportFormatException(TeleportCheck.DATA_ALIGNMENT,
                    "D = " + dataLength + " (expected: a multiple of 8)");
        }
        long total = HEADER_SIZE + dataLength + (lengths >>> 32);
        if (total > maxMessageSize) {
            throw new TeleportFormatException(TeleportCheck.MESSAGE_SIZE, "24 + D + S = " + total
                    + " (expected: <= " + maxMessageSize + ")");
        }
        long fingerprint = buf.getLongLE(index + 8);
        TeleportLayout layout = null;
        if (expected != null) {
            if (expected.fingerprint() == fingerprint) {
                layout = expected;
            }
        } else {
            for (TeleportLayout candidate : accepted) {
                if (candidate.fingerprint() == fingerprint) {
                    layout = candidate;
                    break;
                }
            }
        }
        if (layout == null) {
            TeleportLayout[] all = expected != null ? new TeleportLayout[] {expected} : accepted;
            StringBuilder names = new StringBuilder();
            for (TeleportLayout candidate : all) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append(candidate.name()).append(" 0x")
                        .append(Long.toHexString(candidate.fingerprint()));
            }
            throw new TeleportFormatException(TeleportCheck.FINGERPRINT, "0x"
                    + Long.toHexString(fingerprint) + " (expected: " + names + ")");
        }
        if (dataLength < layout.size()) {
            throw new TeleportFormatException(TeleportCheck.ROOT_SIZE, "D = " + dataLength
                    + " (expected: >= " + layout.size() + ", the size of " + layout.name() + ")");
        }
        return layout;
    }

    /** The failed check among magic, version and flags/reserved in the header's first 8 bytes. */
    private static TeleportFormatException badPrefix(long first) {
        int magic = (int) first;
        if (magic != MAGIC) {
            return new TeleportFormatException(TeleportCheck.MAGIC, "0x"
                    + Integer.toHexString(Integer.reverseBytes(magic)) + " (expected: 0x44585450)");
        }
        int version = (int) (first >>> 32) & 0xff;
        if (version != 1) {
            return new TeleportFormatException(TeleportCheck.VERSION, version + " (expected: 1)");
        }
        return new TeleportFormatException(TeleportCheck.RESERVED, "flags " + (byte) (first >>> 40)
                + ", reserved " + (short) (first >>> 48) + " (expected: 0, 0)");
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
     * header), through which generated views read fixed-size fields; see
     * {@link TeleportAccess#memory}. When this message's release frees the content, the buffer's
     * limit drops to 0, so a view still reading it fails with an {@link IndexOutOfBoundsException}
     * instead of reading memory the pool has handed to someone else. Releasing the content directly
     * ({@code content().release()}) skips that guard; release the message. Made on the first
     * call (one or two small {@code ByteBuffer} objects, sharing the content's memory), then kept.
     *
     * @throws io.netty.util.IllegalReferenceCountException if first called after the release
     */
    public ByteBuffer memory() {
        ByteBuffer m = memory;
        if (m == null) {
            m = memory = TeleportAccess.memory(content(), length());
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
