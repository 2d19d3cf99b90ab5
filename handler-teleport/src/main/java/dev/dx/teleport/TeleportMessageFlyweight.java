package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.teleport.internal.Memory;
import dev.dx.teleport.runtime.TeleportRuntime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.WrappedByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A reusable, validating flyweight over one Teleport message at a time: the receive path that
 * allocates nothing. A handler or decoder keeps one per thread and re-wraps it per message;
 * generated views ({@code X_Teleport.View.wrap(flyweight)}) and {@link TeleportStructView} read
 * through it.
 *
 * <pre>{@code
 * TeleportMessageFlyweight message = new TeleportMessageFlyweight(); // one per thread
 * User_Teleport.View user = new User_Teleport.View();                // likewise
 * ...
 * user.wrap(message.wrap(buf, User_Teleport.LAYOUT)); // throws TeleportFormatException if refused
 * long id = user.id();
 * }</pre>
 *
 * <p>{@link #wrap(ByteBuf, TeleportLayout)} makes every check §1 of the format asks for before
 * anything is read: at least 24 bytes, the magic {@code DXTP}, version 1, zero flags and reserved
 * bytes, a data section length D that is a multiple of 8, 24 + D + S within the buffer, the
 * expected fingerprint and a data section that holds the root struct. Each failure is a
 * {@link TeleportFormatException} naming its {@link TeleportCheck}, and leaves the flyweight
 * wrapping nothing. String and slice references are checked by the reads below when they are
 * followed.
 *
 * <p>Reads take absolute indexes into the message (index 0 is the header, the root struct is at
 * {@link TeleportRuntime#HEADER_SIZE}) and are little-endian. Reads of fixed-size fields go through
 * a {@link ByteBuffer} over the message's memory, bounded by the message's end, so no read leaves
 * the message. That {@code ByteBuffer} is kept and re-used for the next message as long as its
 * memory lies in the same region (the same array, or the same direct buffer, which is what a
 * decoder's messages from one read share, and what a pooled buffer re-used for the next read
 * usually is): then {@code wrap} allocates nothing, with or without Netty's use of
 * {@code sun.misc.Unsafe} (measured on JDK 17 and 25 with Netty 4.2.18). Otherwise it makes one
 * view of the region (a JDK {@code ByteBuffer}, no copy; a copy only for a buffer of several
 * components).
 *
 * <p>The flyweight does not own the buffer: whoever passed it in releases it, and the flyweight
 * (with every view over it) is valid until then. Wrapped on a {@link TeleportMessage}
 * ({@link #wrap(TeleportMessage)}), it reads through {@link TeleportMessage#memory()}, which the
 * message's last release closes: reads after it throw {@link IndexOutOfBoundsException}. Indexes of
 * the buffer never move. Not thread-safe.
 */
public final class TeleportMessageFlyweight {

    /** "DXTP", version 1, flags 0, reserved 0: the header's first 8 bytes as a little-endian u64. */
    static final long MAGIC_VERSION = 0x0000_0001_5054_5844L;
    /** "DXTP" read as a little-endian u32. */
    static final int MAGIC = 0x50545844;

    private static final int HEADER_SIZE = TeleportRuntime.HEADER_SIZE;
    private static final long U32_MAX = 0xffffffffL;
    private static final long NO_ADDRESS = -1;
    /** Strings up to this many bytes are copied through the kept scratch array. */
    private static final int MAX_SCRATCH = 4096;

    /** The buffer the message is in, and the index of its header there (for byte slices). */
    private ByteBuf buffer;
    private int bufferIndex;
    /** The message's bytes, index {@link #base} being its header; limit = the message's end. */
    private ByteBuffer memory;
    private int base;
    private TeleportLayout layout; // kept after an unwrap: a reference is stored only when it changes
    private boolean wrapped;
    private int dataLength;
    private int stringLength;

    /**
     * A view of the last region a message was in: of one array, a duplicate of the
     * {@code ByteBuffer} Netty keeps for a direct buffer ({@link #regionSource}), or of direct
     * memory at an address.
     */
    private ByteBuffer region;
    private byte[] regionArray;
    private ByteBuffer regionSource;
    /** The address of {@link #region}'s index 0 when it was placed by address, else {@link #NO_ADDRESS}. */
    private long regionAddress = NO_ADDRESS;
    /** Where strings read from direct memory are copied before they are decoded. */
    private byte[] scratch = new byte[64];

    /** A flyweight wrapping nothing yet. */
    public TeleportMessageFlyweight() {
    }

    /**
     * Validates the message that starts at {@code buf}'s reader index against {@code expected},
     * using at most the bytes up to the writer index, and wraps it. Bytes after its 24 + D + S are
     * not part of it. Nothing is retained or released, and no index moves.
     *
     * @return this flyweight
     * @throws TeleportFormatException naming the failed check; the flyweight then wraps nothing
     * @throws IllegalReferenceCountException if {@code buf} was released
     */
    public TeleportMessageFlyweight wrap(ByteBuf buf, TeleportLayout expected) {
        checkNotNull(expected, "expected");
        if (buf.refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
        int index = buf.readerIndex();
        int available = buf.writerIndex() - index;
        wrapped = false;
        if (available < HEADER_SIZE) {
            throw refuse(map(buf, index, available, false), headerLength(available));
        }
        ByteBuffer m = map(buf, index, available, false);
        int at = base;
        long first = Memory.i64(m, at);
        long fingerprint = Memory.i64(m, at + TeleportRuntime.FINGERPRINT_OFFSET);
        long lengths = Memory.i64(m, at + TeleportRuntime.DATA_LENGTH_OFFSET);
        long data = lengths & U32_MAX;
        long total = totalLength(lengths);
        // every header check in one branch, which a valid message never takes; named out of line
        if (first != MAGIC_VERSION | fingerprint != expected.fingerprint() | (data & 7) != 0
                | data < expected.size() | total > available) {
            throw refuse(m, headerFailure(first, fingerprint, lengths, expected, available));
        }
        m.limit(at + (int) total);
        // references stored only when they change: each store costs a GC barrier (as in views)
        if (buffer != buf) {
            buffer = buf;
        }
        if (layout != expected) {
            layout = expected;
        }
        bufferIndex = index;
        dataLength = (int) data;
        stringLength = (int) (lengths >>> 32);
        wrapped = true;
        return this;
    }

    /** Why {@link #wrap(ByteBuf, TeleportLayout)} refused: {@link #checkHeader}'s, else too few bytes. */
    private static TeleportFormatException headerFailure(long first, long fingerprint, long lengths,
            TeleportLayout expected, int available) {
        try {
            checkHeader(first, fingerprint, lengths, expected, null, Long.MAX_VALUE);
        } catch (TeleportFormatException e) {
            return e;
        }
        return messageLength(totalLength(lengths), available);
    }

    /**
     * Wraps {@code message}, validated when it was made, reading through its
     * {@link TeleportMessage#memory()} (so a read after the message's last release throws).
     *
     * @return this flyweight
     * @throws IllegalReferenceCountException if the message was released before its memory was
     *         first asked for
     */
    public TeleportMessageFlyweight wrap(TeleportMessage message) {
        ByteBuf content = message.content(); // checks the reference count
        memory = message.memory();
        base = 0;
        buffer = content;
        bufferIndex = 0;
        dataLength = message.dataLength();
        stringLength = message.stringLength();
        layout = message.layout();
        wrapped = true;
        return this;
    }

    /**
     * Wraps the message of {@code total} bytes at {@code index} of {@code buf}, whose header a
     * decoder has checked ({@link #checkHeader}) and whose bytes are all there, as {@code layout}.
     */
    TeleportMessageFlyweight wrapFramed(ByteBuf buf, int index, int total, TeleportLayout layout) {
        ByteBuffer m = map(buf, index, total, true);
        long lengths = Memory.i64(m, base + TeleportRuntime.DATA_LENGTH_OFFSET);
        buffer = buf;
        bufferIndex = index;
        dataLength = (int) lengths;
        stringLength = (int) (lengths >>> 32);
        this.layout = layout;
        wrapped = true;
        return this;
    }

    /**
     * Leaves the flyweight wrapping nothing: every read throws until the next wrap. A decoder calls
     * it when the message's bytes may go away.
     */
    void unwrap() {
        wrapped = false;
        ByteBuffer m = memory;
        if (m != null && m == region) {
            m.limit(base);
        }
    }

    private TeleportFormatException refuse(ByteBuffer m, TeleportFormatException e) {
        m.limit(base); // nothing is readable until the next successful wrap
        return e;
    }

    /**
     * Points {@link #memory} and {@link #base} at {@code length} bytes at {@code index} of
     * {@code buf}, re-using {@link #region} when the bytes lie in it.
     *
     * <p>A direct buffer is placed by its address within its root buffer ({@link #mapDirect}),
     * which is allocation-free ({@link ByteBuf#memoryAddress()} of Netty 4.2.18 was measured to
     * allocate nothing on JDK 25 without {@code sun.misc.Unsafe} too). A buffer the caller holds
     * alone ({@code own}: a decoder's cumulation) that is not derived from another is placed through {@link ByteBuf#internalNioBuffer} instead: the JDK
     * {@code ByteBuffer} Netty keeps for it, positioned at {@code index}. A {@code ByteBuffer}'s
     * memory never changes, so the same object means the same memory, and its position is where
     * the message starts in it; the flyweight reads through its own duplicate, made once per new
     * object. Only for a buffer held alone, because that call moves the position and limit of a
     * {@code ByteBuffer} Netty shares between the buffer's users (its socket writes among them),
     * which a reader on another thread must not do. A slice makes a new {@code ByteBuffer} on
     * every {@code internalNioBuffer} call, so it always goes by address.
     */
    private ByteBuffer map(ByteBuf buf, int index, int length, boolean own) {
        ByteBuffer m = region;
        // the common case, kept small to inline: the bytes lie in the region the last message was in
        if (!own && m != null && regionAddress != NO_ADDRESS && buf.hasMemoryAddress()) {
            long at = buf.memoryAddress() + index - regionAddress;
            if (at >= 0 && at <= m.capacity() - (long) length) {
                base = (int) at;
                m.limit((int) at + length);
                if (memory != m) {
                    memory = m;
                }
                return m;
            }
        }
        return remap(buf, index, length, own);
    }

    /** {@link #map} when the bytes are not at a known address of {@link #region}. */
    private ByteBuffer remap(ByteBuf buf, int index, int length, boolean own) {
        ByteBuffer m = region;
        if (own && !buf.hasArray() && isRoot(buf) && buf.nioBufferCount() == 1) {
            ByteBuffer source = unwrapped(buf).internalNioBuffer(index, length);
            if (m == null || source != regionSource) {
                m = region = source.duplicate();
                regionSource = source;
                regionArray = null;
                regionAddress = NO_ADDRESS;
            }
            base = source.position();
        } else if (buf.hasMemoryAddress()) {
            long address = buf.memoryAddress() + index;
            long at = address - regionAddress;
            if (m == null || regionAddress == NO_ADDRESS || at < 0 || at > m.capacity() - (long) length) {
                m = mapDirect(buf, index, length, address);
                at = address - regionAddress;
            }
            base = (int) at;
        } else if (buf.hasArray()) {
            byte[] array = buf.array();
            if (m == null || array != regionArray) {
                m = region = ByteBuffer.wrap(array);
                regionArray = array;
                regionSource = null;
                regionAddress = NO_ADDRESS;
            }
            base = buf.arrayOffset() + index;
        } else {
            // several components (or memory without an address): a view of the one, else a copy
            m = region = buf.nioBuffer(index, length);
            regionArray = null;
            regionSource = null;
            regionAddress = NO_ADDRESS;
            base = 0;
        }
        m.limit(base + length);
        memory = m;
        return m;
    }

    /**
     * Whether {@code buf} is not derived from another buffer at other indexes (a slice or a
     * duplicate is): it is a root buffer, or wraps one index for index ({@link WrappedByteBuf}, as
     * Netty's leak-detecting wrappers do).
     */
    private static boolean isRoot(ByteBuf buf) {
        return unwrapped(buf).unwrap() == null;
    }

    /** {@code buf} without its {@link WrappedByteBuf} layers, which keep every index. */
    private static ByteBuf unwrapped(ByteBuf buf) {
        ByteBuf b = buf;
        while (b instanceof WrappedByteBuf) {
            b = b.unwrap();
        }
        return b;
    }

    /**
     * Makes {@link #region} a view of all of the direct buffer {@code buf} belongs to (its root,
     * through {@link ByteBuf#unwrap()}), so that the next messages of the same buffer map to it
     * too; or of {@code buf}'s own bytes if the root is not one plain region holding them.
     */
    private ByteBuffer mapDirect(ByteBuf buf, int index, int length, long address) {
        ByteBuf root = buf;
        for (ByteBuf u = root.unwrap(); u != null; u = u.unwrap()) {
            root = u;
        }
        ByteBuffer m;
        if (root.hasMemoryAddress() && root.nioBufferCount() == 1
                && address >= root.memoryAddress()
                && address + length <= root.memoryAddress() + root.capacity()) {
            m = root.nioBuffer(0, root.capacity());
            regionAddress = root.memoryAddress();
        } else {
            m = buf.nioBuffer(index, length);
            regionAddress = address;
        }
        regionArray = null;
        regionSource = null;
        region = m;
        return m;
    }

    /**
     * Makes every check the 24 header bytes decide, from the header's three u64 words, and
     * returns the layout matching the fingerprint: {@code expected} if it is not null, else one of
     * {@code accepted}. Does not check that the whole message is available. Every reader's header
     * checks are these: {@link #wrap}, {@link TeleportMessage#wrap} and {@link TeleportDecoder}.
     */
    static TeleportLayout checkHeader(long first, long fingerprint, long lengths,
            TeleportLayout expected, TeleportLayout[] accepted, long maxMessageSize) {
        // magic, version, flags and reserved: one compare when all is well
        if (first != MAGIC_VERSION) {
            throw badPrefix(first);
        }
        long data = lengths & U32_MAX;
        if ((data & 7) != 0) {
            throw new TeleportFormatException(TeleportCheck.DATA_ALIGNMENT,
                    "D = " + data + " (expected: a multiple of 8)");
        }
        long total = totalLength(lengths);
        if (total > maxMessageSize) {
            throw new TeleportFormatException(TeleportCheck.MESSAGE_SIZE, "24 + D + S = " + total
                    + " (expected: <= " + maxMessageSize + ")");
        }
        TeleportLayout layout = expected != null && expected.fingerprint() == fingerprint ? expected
                : expected != null ? null : find(accepted, fingerprint);
        if (layout == null) {
            throw badFingerprint(fingerprint, expected != null ? new TeleportLayout[] {expected} : accepted);
        }
        if (data < layout.size()) {
            throw new TeleportFormatException(TeleportCheck.ROOT_SIZE, "D = " + data
                    + " (expected: >= " + layout.size() + ", the size of " + layout.name() + ")");
        }
        return layout;
    }

    /**
     * {@link #checkHeader(long, long, long, TeleportLayout, TeleportLayout[], long)} on the header
     * at {@code index} of {@code buf}, of which {@code available} bytes are readable, after
     * checking that the 24 bytes are there.
     */
    static TeleportLayout checkHeader(ByteBuf buf, int index, int available, TeleportLayout expected,
            TeleportLayout[] accepted, long maxMessageSize) {
        if (available < HEADER_SIZE) {
            throw headerLength(available);
        }
        return checkHeader(buf.getLongLE(index), buf.getLongLE(index + TeleportRuntime.FINGERPRINT_OFFSET),
                buf.getLongLE(index + TeleportRuntime.DATA_LENGTH_OFFSET), expected, accepted,
                maxMessageSize);
    }

    /** 24 + D + S, as an unsigned sum, from the header's u64 at {@link TeleportRuntime#DATA_LENGTH_OFFSET}. */
    static long totalLength(long lengths) {
        return HEADER_SIZE + (lengths & U32_MAX) + (lengths >>> 32);
    }

    static TeleportFormatException headerLength(int available) {
        return new TeleportFormatException(TeleportCheck.HEADER_LENGTH, available + " bytes (expected: >= 24)");
    }

    static TeleportFormatException messageLength(long total, int available) {
        return new TeleportFormatException(TeleportCheck.MESSAGE_LENGTH, "24 + D + S = " + total
                + " bytes but only " + available + " available");
    }

    private static TeleportLayout find(TeleportLayout[] accepted, long fingerprint) {
        for (TeleportLayout candidate : accepted) {
            if (candidate.fingerprint() == fingerprint) {
                return candidate;
            }
        }
        return null;
    }

    private static TeleportFormatException badFingerprint(long fingerprint, TeleportLayout[] all) {
        StringBuilder names = new StringBuilder();
        for (TeleportLayout candidate : all) {
            names.append(names.length() == 0 ? "" : ", ")
                    .append(candidate.name()).append(" 0x").append(Long.toHexString(candidate.fingerprint()));
        }
        return new TeleportFormatException(TeleportCheck.FINGERPRINT, "0x"
                + Long.toHexString(fingerprint) + " (expected: " + names + ")");
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

    // ---- what was wrapped

    /**
     * The root type's layout (the one whose fingerprint the header carries).
     *
     * @throws IllegalStateException if nothing is wrapped (never wrapped, or the last wrap failed)
     */
    public TeleportLayout layout() {
        if (!wrapped) {
            throw new IllegalStateException("no message wrapped");
        }
        return layout;
    }

    /**
     * Returns {@code expected} if the wrapped message's root is that type; generated views call it
     * when they wrap the root struct.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#FINGERPRINT}) if it is another type
     * @throws IllegalStateException if nothing is wrapped
     */
    public TeleportLayout expect(TeleportLayout expected) {
        if (layout != expected || !wrapped) {
            TeleportLayout actual = layout();
            if (expected.fingerprint() != actual.fingerprint()) {
                throw new TeleportFormatException(TeleportCheck.FINGERPRINT, "message is " + actual.name()
                        + " 0x" + Long.toHexString(actual.fingerprint()) + " (expected: "
                        + expected.name() + " 0x" + Long.toHexString(expected.fingerprint()) + ")");
            }
        }
        return expected;
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

    // ---- checked reads at absolute indexes of the message (index 0 is the header)

    /** The i8 at {@code index}. */
    public byte i8(int index) {
        return Memory.i8(memory, base + index);
    }

    /** The u8 at {@code index}, as read for a one-byte enum ordinal. */
    public int u8(int index) {
        return Memory.i8(memory, base + index) & 0xff;
    }

    /** The i16 at {@code index}. */
    public short i16(int index) {
        return Memory.i16(memory, base + index);
    }

    /** The u16 at {@code index}, as a {@code char}. */
    public char u16(int index) {
        return (char) Memory.i16(memory, base + index);
    }

    /** The i32 at {@code index}. */
    public int i32(int index) {
        return Memory.i32(memory, base + index);
    }

    /** The i64 at {@code index}. */
    public long i64(int index) {
        return Memory.i64(memory, base + index);
    }

    /** The f32 at {@code index}. */
    public float f32(int index) {
        return Memory.f32(memory, base + index);
    }

    /** The f64 at {@code index}. */
    public double f64(int index) {
        return Memory.f64(memory, base + index);
    }

    /**
     * The bool at {@code index}.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#BOOL_VALUE}) if the byte is not 0 or 1
     */
    public boolean bool(int index) {
        byte value = Memory.i8(memory, base + index);
        // kept tiny so the JIT inlines it into every accessor; the failure is built out of line
        if ((value & 0xfe) != 0) {
            throw boolFailure(value);
        }
        return value != 0;
    }

    private static TeleportFormatException boolFailure(byte value) {
        return new TeleportFormatException(TeleportCheck.BOOL_VALUE, (value & 0xff) + " (expected: 0 or 1)");
    }

    /**
     * Returns {@code ordinal} if it is below {@code count}, the enum's number of constants.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#ENUM_ORDINAL}) otherwise
     */
    public static int ordinal(int ordinal, int count) {
        if (ordinal >= count) {
            throw new TeleportFormatException(TeleportCheck.ENUM_ORDINAL, ordinal + " (expected: < " + count + ")");
        }
        return ordinal;
    }

    /**
     * Reads the string reference at {@code refIndex} (offset in the low, length in the high 32 bits
     * of one u64) and returns it after checking that offset + length fits in 32 bits and in S, in
     * 64-bit arithmetic so that it cannot wrap around. Decode it with {@link #refOffset(long)} and
     * {@link #refLength(long)}.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#STRING_OVERFLOW} or
     *         {@link TeleportCheck#STRING_BOUNDS}) naming the reference
     */
    public long stringRef(int refIndex) {
        long ref = Memory.i64(memory, base + refIndex);
        long offset = ref & U32_MAX;
        long length = ref >>> 32;
        long end = offset + length;
        if (end > stringLength) {
            throw stringFailure(offset, length, end, stringLength);
        }
        return ref;
    }

    private static TeleportFormatException stringFailure(long offset, long length, long end, int stringLength) {
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

    /** The index in {@link #memory} of the first byte of the string a checked {@code ref} points at. */
    private int stringAt(long ref) {
        return base + HEADER_SIZE + dataLength + (int) ref;
    }

    /**
     * The string whose reference is at {@code refIndex}, checked, decoded from UTF-8. ASCII text
     * allocates the {@code String} and nothing else: from direct memory the bytes are copied into a
     * scratch array the flyweight keeps (grown, up to 4 KiB, by the first longer string).
     */
    public String string(int refIndex) {
        long ref = stringRef(refIndex);
        int length = (int) (ref >>> 32);
        if (length == 0) {
            return "";
        }
        byte[] s = scratch;
        return Memory.utf8(memory, stringAt(ref), length, length <= s.length ? s : scratch(length));
    }

    /**
     * A scratch array for a string of {@code length} bytes, more than the kept one holds: the kept
     * one grown to hold it when that stays within {@link #MAX_SCRATCH}, else the kept one as it is
     * (then {@link Memory#utf8} copies the string into an array of its own). Out of line so that
     * {@link #string(int)} stays small enough to inline into every accessor.
     */
    private byte[] scratch(int length) {
        if (length <= MAX_SCRATCH) {
            scratch = new byte[Math.min(MAX_SCRATCH, Math.max(length, 2 * scratch.length))];
        }
        return scratch;
    }

    /**
     * The UTF-8 bytes of the string whose reference is at {@code refIndex}, checked: a slice sharing
     * the message's buffer, not retained (valid while the message is).
     */
    public ByteBuf stringBytes(int refIndex) {
        long ref = stringRef(refIndex);
        return buffer.slice(bufferIndex + HEADER_SIZE + dataLength + (int) ref, (int) (ref >>> 32));
    }

    /**
     * Whether the string whose reference is at {@code refIndex} equals {@code value}, comparing
     * {@code value}'s UTF-8 encoding with the stored bytes as it goes; nothing is decoded or
     * allocated.
     */
    public boolean stringEquals(int refIndex, CharSequence value) {
        long ref = stringRef(refIndex);
        return Memory.utf8Equals(memory, stringAt(ref), (int) (ref >>> 32), value);
    }

    /** Whether the string at {@code refIndex} equals {@code utf8}, the whole array, compared in place. */
    public boolean stringEquals(int refIndex, byte[] utf8) {
        long ref = stringRef(refIndex);
        int length = (int) (ref >>> 32);
        return length == utf8.length && Memory.equal(memory, stringAt(ref), utf8, 0, length);
    }

    /**
     * Whether the string at {@code refIndex} equals the readable bytes of {@code utf8}, compared in
     * place (a heap {@code utf8} straight from its array); no index moves.
     */
    public boolean stringEquals(int refIndex, ByteBuf utf8) {
        long ref = stringRef(refIndex);
        int length = (int) (ref >>> 32);
        if (length != utf8.readableBytes()) {
            return false;
        }
        int at = stringAt(ref);
        return utf8.hasArray()
                ? Memory.equal(memory, at, utf8.array(), utf8.arrayOffset() + utf8.readerIndex(), length)
                : Memory.equal(memory, at, utf8, utf8.readerIndex(), length);
    }

    /**
     * Reads the slice reference at {@code refIndex} (offset in the low, count in the high 32 bits
     * of one u64) and returns it after checking it for elements of {@code elementSize} bytes
     * aligned to {@code elementAlign}: offset + count × size fits in 32 bits and in D, the offset
     * is aligned and the count is a non-negative {@code int} (a count above 2^31 - 1, possible only
     * for 0-byte elements, is {@link TeleportCheck#SLICE_OVERFLOW}). A checked reference is never
     * {@code -1}, which generated views use for "not yet checked".
     *
     * @throws TeleportFormatException naming the failed check
     */
    public long sliceRef(int refIndex, int elementSize, int elementAlign) {
        long ref = Memory.i64(memory, base + refIndex);
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

    // ---- checked reads of the Teleport/1.1 values (§6), for generated views

    /**
     * The presence byte of the {@code optional} at {@code index}: whether its value is there.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#PRESENCE_VALUE}) if the byte is neither
     *         0 nor 1
     */
    public boolean present(int index) {
        byte presence = Memory.i8(memory, base + index);
        if ((presence & 0xfe) != 0) {
            throw presenceFailure(presence);
        }
        return presence != 0;
    }

    private static TeleportFormatException presenceFailure(byte presence) {
        return new TeleportFormatException(TeleportCheck.PRESENCE_VALUE, "presence byte " + (presence & 0xff)
                + " (expected: 0 or 1)");
    }

    /**
     * A copy of the {@code bytes} value whose reference is at {@code refIndex}, checked as a string
     * reference is ({@link #stringRef}); its bytes are not interpreted. For the bytes without a copy,
     * {@link #stringBytes(int)} gives a slice of the message's buffer.
     */
    public byte[] bytes(int refIndex) {
        long ref = stringRef(refIndex);
        byte[] bytes = new byte[(int) (ref >>> 32)];
        memory.get(stringAt(ref), bytes);
        return bytes;
    }

    /**
     * The {@code decimal} whose reference is at {@code refIndex}: its reference checked as a
     * string's, then its text checked to be {@code -?[0-9]+(\.[0-9]+)?} in ASCII.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#DECIMAL_TEXT}) naming the first byte
     *         that breaks the form, or a string reference check
     */
    public BigDecimal decimal(int refIndex) {
        long ref = stringRef(refIndex);
        return TeleportValues.decimal(TeleportValues.decimalChars(this, ref, "decimal at index " + refIndex));
    }

    /** The {@code timestamp} at {@code index}: i64 microseconds since 1970-01-01T00:00:00Z. */
    public Instant timestamp(int index) {
        return TeleportValues.instant(i64(index));
    }

    /** The {@code date} at {@code index}: i32 days since 1970-01-01. */
    public LocalDate date(int index) {
        return LocalDate.ofEpochDay(i32(index));
    }

    /** The {@code uuid} at {@code index}, its 16 bytes stored most significant first. */
    public UUID uuid(int index) {
        return new UUID(uuidHigh(index), uuidLow(index));
    }

    /** The most significant 64 bits of the {@code uuid} at {@code index}. */
    public long uuidHigh(int index) {
        return Long.reverseBytes(i64(index));
    }

    /** The least significant 64 bits of the {@code uuid} at {@code index}. */
    public long uuidLow(int index) {
        return Long.reverseBytes(i64(index + 8));
    }

    /** Copies {@code dst.length} bytes from absolute index {@code index} (checked by the caller). */
    void copy(int index, byte[] dst) {
        memory.get(base + index, dst);
    }

    /** A slice of the wrapped buffer over {@code length} bytes at absolute index {@code index}. */
    ByteBuf slice(int index, int length) {
        return buffer.slice(bufferIndex + index, length);
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

    @Override
    public String toString() {
        return !wrapped ? "TeleportMessageFlyweight(none)"
                : "TeleportMessageFlyweight(" + layout.name() + ", D=" + dataLength + ", S=" + stringLength + ")";
    }
}
