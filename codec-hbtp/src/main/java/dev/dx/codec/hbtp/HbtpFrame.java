package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.RecycledSlice;
import dev.dx.codec.hbtp.internal.Recycling;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.Recycler;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One HBTP frame: header fields plus the plaintext body (spec §2), metadata block included (§11.1).
 *
 * <p>A decoded frame carries the flags as they arrived (so a handler can see that it was compressed,
 * encrypted or checksummed) and the body after the §5 pipeline was undone. On the way out the
 * encoder decides {@link HbtpFlags#COMPRESSED} and {@link HbtpFlags#ENCRYPTED} itself; a frame that
 * already has COMPRESSED or HAS_CHECKSUM set asks the encoder for that treatment. A frame with
 * {@link HbtpFlags#PRECOMPRESSED} (made by {@link HbtpCompressedBody#frame}) has a body that already is
 * one zstd frame: the encoder sends it as is, with COMPRESSED.
 *
 * <p>Reference counted like Netty's {@code DefaultByteBufHolder}: the frame's reference count is its
 * body's; whoever consumes a frame releases it.
 *
 * <h2>Recycled frames</h2>
 * Frames made by {@link #newInstance} (which {@link HbtpFrameDecoder} and the static factories below use)
 * come from a per-thread {@link Recycler} pool: when {@link #release()} brings the count to 0 the frame
 * forgets its fields and goes back to the pool, ready to be handed out as a <em>different</em> frame. A
 * decoded frame's body is a slice object the frame owns and reuses, so it is recycled with the frame.
 * So, exactly as with a pooled {@code ByteBuf}:
 * <ul>
 *   <li>never touch a frame after the release that freed it (not its opcode, not its sequence, not
 *       its body) and never release it twice: before reuse this throws
 *       {@link IllegalReferenceCountException}, after reuse it would act on someone else's frame;</li>
 *   <li>keep what you need past the release by copying the fields into locals, or call
 *       {@link #retain()} (or {@code retainedDuplicate()}) and release later;</li>
 *   <li>a frame from {@link HbtpFrameDecoder} (its body a slice of the bytes read, or of their decrypted or
 *       decompressed copy) goes back to the pool when that body is freed, whoever releases it last: the
 *       frame itself, or the holder of a retained slice or duplicate of it (an RpcResponse that echoes
 *       the call's arguments, say). From then on the frame is released, as its {@link #refCnt()} says;</li>
 *   <li>for any other frame, releasing the body directly ({@code frame.content().release()}) frees the
 *       bytes but not the frame object (it is then simply garbage-collected, never recycled).</li>
 * </ul>
 * Frames built with the public constructors are never pooled. Pooling is switched off while Netty's
 * leak detector runs at {@link ResourceLeakDetector.Level#PARANOID} (as the tests do), so that a stale
 * frame reference fails with {@link IllegalReferenceCountException} instead of reading a later frame;
 * the system property {@value #RECYCLE_PROPERTY} ({@code true} / {@code false}) overrides that choice.
 */
public final class HbtpFrame implements ByteBufHolder {

    /** System property that turns frame pooling on or off regardless of the leak-detection level. */
    public static final String RECYCLE_PROPERTY = Recycling.PROPERTY;

    // Unguarded: release() already guarantees one recycle per use (the body is freed exactly once).
    private static final Recycler<HbtpFrame> RECYCLER = new Recycler<HbtpFrame>(true) {
        @Override
        protected HbtpFrame newObject(Handle<HbtpFrame> handle) {
            return new HbtpFrame(handle);
        }
    };

    private final Recycler.Handle<HbtpFrame> handle;
    /** A decoded frame's body slice, reused with this frame object; null until first needed. */
    private RecycledSlice slice;
    private ByteBuf body;
    private int opcode;
    private int flags;
    private int sequence;

    /**
     * Creates a frame that is never pooled. {@code opcode} may be any byte, including one §4 does not
     * define (for tests and forward compatibility).
     */
    public HbtpFrame(int opcode, int flags, int sequence, ByteBuf body) {
        this.handle = null;
        init(opcode, flags, sequence, body);
    }

    /** Creates a frame with a §4 opcode that is never pooled. */
    public HbtpFrame(HbtpOpcode opcode, int flags, int sequence, ByteBuf body) {
        this(checkNotNull(opcode, "opcode").code(), flags, sequence, body);
    }

    private HbtpFrame(Recycler.Handle<HbtpFrame> handle) {
        this.handle = handle;
    }

    /**
     * Returns a frame from this thread's pool (or a new one), holding {@code body}. The frame goes back to
     * the pool when a {@link #release()} brings its count to 0; see the class comment for what that means
     * for the caller. Same arguments and checks as the constructor.
     */
    public static HbtpFrame newInstance(int opcode, int flags, int sequence, ByteBuf body) {
        HbtpFrame frame = pooled();
        frame.init(opcode, flags, sequence, body);
        return frame;
    }

    /** {@link #newInstance(int, int, int, ByteBuf)} with a §4 opcode. */
    public static HbtpFrame newInstance(HbtpOpcode opcode, int flags, int sequence, ByteBuf body) {
        return newInstance(checkNotNull(opcode, "opcode").code(), flags, sequence, body);
    }

    /** For the decoder: a frame object from the pool (or a new one), to be {@link #init}ialised. */
    static HbtpFrame pooled() {
        return Recycling.enabled() ? RECYCLER.get() : new HbtpFrame(null);
    }

    /** For the decoder: this frame object's own slice, pointed at {@code in}'s bytes (see RecycledSlice). */
    ByteBuf slice(ByteBuf in, int index, int length) {
        RecycledSlice s = slice;
        if (s == null) {
            slice = s = new RecycledSlice(this::ownSliceFreed);
        }
        return s.init(in, index, length);
    }

    /**
     * For the router: the body's bytes from index {@code index} to its writer index, sharing the body's
     * reference count as {@code content().slice(index, ...)} would. When the body is this frame's own slice
     * and nobody else holds a reference to it, that slice is narrowed in place and returned (no object is
     * made, and {@link #content()} is those bytes from then on); otherwise a new, unretained slice.
     */
    ByteBuf tail(int index) {
        ByteBuf b = content();
        RecycledSlice s = slice;
        if (b == s && s.refCnt() == 1) {
            return s.narrow(index, s.writerIndex() - index);
        }
        return b.slice(index, b.writerIndex() - index);
    }

    /** For the decoder: whether {@code b} is this frame object's own slice (see {@link #slice}). */
    boolean ownsSlice(ByteBuf b) {
        return b == slice && b != null;
    }

    /** For the decoder: gives back a frame from {@link #pooled()} that was never initialised. */
    void discard() {
        if (body == null && handle != null) {
            handle.recycle(this);
        }
    }

    void init(int opcode, int flags, int sequence, ByteBuf body) {
        checkNotNull(body, "body");
        this.opcode = checkInRange(opcode, 0, 0xFF, "opcode");
        this.flags = checkInRange(flags, 0, HbtpFlags.WIRE_MASK | HbtpFlags.PRECOMPRESSED, "flags");
        this.sequence = checkInRange(sequence, 0, HbtpHeader.MAX_SEQUENCE, "sequence");
        this.body = body;
    }

    /**
     * For tests: {@code Boolean.TRUE} pools frames (and decoded body slices), {@code FALSE} never does,
     * {@code null} restores the default (off at PARANOID leak detection, on otherwise). Affects objects
     * created afterwards.
     */
    static void forceRecycling(Boolean on) {
        Recycling.force(on);
    }

    /** Whether this frame came from the pool and will go back to it when released. */
    boolean isPooled() {
        return handle != null;
    }

    private ByteBuf live() {
        ByteBuf b = body;
        if (b == null) {
            throw new IllegalReferenceCountException(0);
        }
        return b;
    }

    /** The opcode byte, 0-255. */
    public int opcode() {
        live();
        return opcode;
    }

    /** The §4 opcode, or {@code null} when the byte names none. */
    public HbtpOpcode type() {
        return HbtpOpcode.of(opcode());
    }

    /**
     * The flags byte, plus {@link HbtpFlags#PRECOMPRESSED} on an outbound frame whose body is already
     * compressed (never on a decoded frame).
     */
    public int flags() {
        live();
        return flags;
    }

    /** Returns whether every bit of {@code flag} is set. */
    public boolean hasFlag(int flag) {
        return (flags() & flag) == flag;
    }

    /** The sequence, 0-65535. */
    public int sequence() {
        live();
        return sequence;
    }

    /** The body, an alias of {@link #content()}. */
    public ByteBuf body() {
        return content();
    }

    @Override
    public ByteBuf content() {
        ByteBuf b = live();
        int refCnt = b.refCnt();
        if (refCnt <= 0) {
            throw new IllegalReferenceCountException(refCnt);
        }
        return b;
    }

    /**
     * The size of the metadata block at the start of the body (§11.1), or 0 when
     * {@link HbtpFlags#HAS_METADATA} is not set.
     *
     * @throws HbtpException {@code BAD_FRAME} when the block is malformed (a decoded frame's block has
     *         already been checked)
     */
    public int metadataLength() {
        ByteBuf b = content();
        return (flags & HbtpFlags.HAS_METADATA) == 0 ? 0 : HbtpMetadata.blockLength(b, b.readerIndex());
    }

    /** The metadata block (§11.1), read into a new object; {@link HbtpMetadata#EMPTY} when there is none. */
    public HbtpMetadata metadata() {
        ByteBuf b = content();
        return (flags & HbtpFlags.HAS_METADATA) == 0 ? HbtpMetadata.EMPTY : HbtpMetadata.read(b, b.readerIndex());
    }

    /**
     * The smallest {@code hbtp-timeout} of the metadata block in milliseconds, or -1 when there is none
     * (§11.2). Reads the block in place, without allocating.
     */
    public long timeoutMillis() {
        ByteBuf b = content();
        return (flags & HbtpFlags.HAS_METADATA) == 0 ? -1 : HbtpMetadata.timeoutMillis(b, b.readerIndex());
    }

    /** The smallest {@code hbtp-credit} of the metadata block, or -1 when there is none (§11.3). */
    public long credit() {
        ByteBuf b = content();
        return (flags & HbtpFlags.HAS_METADATA) == 0 ? -1 : HbtpMetadata.credit(b, b.readerIndex());
    }

    /** The index in {@link #content()} where the opcode's own fields start: after the metadata block. */
    public int payloadIndex() {
        return content().readerIndex() + metadataLength();
    }

    /** A slice of the body after the metadata block (not retained); the whole body when there is none. */
    public ByteBuf payload() {
        ByteBuf b = content();
        int m = metadataLength();
        return m == 0 ? b : b.slice(b.readerIndex() + m, b.readableBytes() - m);
    }

    /** For RpcCall and RpcStreamStart: the u16 route id after the metadata block. */
    public int route() {
        return content().getUnsignedShortLE(payloadIndex());
    }

    /** For RpcCall and RpcStreamStart: a slice of the arguments after the route id (not retained). */
    public ByteBuf arguments() {
        ByteBuf b = content();
        int start = payloadIndex() + 2;
        return b.slice(start, b.writerIndex() - start);
    }

    /** For RpcError, GoAway, Close and AuthFailure: the u16 code, or 0 when a Close has an empty body. */
    public int errorCode() {
        ByteBuf b = content();
        int p = payloadIndex();
        return b.writerIndex() - p >= 2 ? b.getUnsignedShortLE(p) : 0;
    }

    /** For RpcError, GoAway, Close and AuthFailure: the UTF-8 message after the code. */
    public String errorMessage() {
        ByteBuf b = content();
        int p = payloadIndex();
        int n = b.writerIndex() - p;
        return n > 2 ? b.toString(p + 2, n - 2, StandardCharsets.UTF_8) : "";
    }

    /** For RpcStreamCredit: the u32 credits (§11.3). */
    public long credits() {
        ByteBuf b = content();
        return b.getUnsignedIntLE(b.readerIndex());
    }

    /** Returns a frame with the same header fields and the given flags, sharing this frame's body. */
    public HbtpFrame withFlags(int newFlags) {
        return newInstance(opcode(), newFlags, sequence, content());
    }

    /** Returns a frame with the same header fields holding {@code content} (a pooled frame). */
    @Override
    public HbtpFrame replace(ByteBuf content) {
        return newInstance(opcode(), flags, sequence, content);
    }

    @Override
    public HbtpFrame copy() {
        return replace(content().copy());
    }

    @Override
    public HbtpFrame duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public HbtpFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public int refCnt() {
        ByteBuf b = body;
        return b == null ? 0 : b.refCnt();
    }

    @Override
    public HbtpFrame retain() {
        live().retain();
        return this;
    }

    @Override
    public HbtpFrame retain(int increment) {
        live().retain(increment);
        return this;
    }

    @Override
    public HbtpFrame touch() {
        live().touch();
        return this;
    }

    @Override
    public HbtpFrame touch(Object hint) {
        live().touch(hint);
        return this;
    }

    /**
     * Releases the body once; when that frees it, this frame forgets its fields and (if pooled) goes back
     * to the pool. A release after that throws {@link IllegalReferenceCountException}.
     */
    @Override
    public boolean release() {
        ByteBuf b = live();
        return freed(b, b.release());
    }

    @Override
    public boolean release(int decrement) {
        ByteBuf b = live();
        return freed(b, b.release(decrement));
    }

    /** After a release of body {@code b}: a freed body of another kind than our own slice frees us. */
    private boolean freed(ByteBuf b, boolean freed) {
        if (freed && b != slice) {
            deallocate(); // our own slice's last release has already done this (ownSliceFreed)
        }
        return freed;
    }

    /** Our own slice was freed, by whoever held its last reference: this frame is released with it. */
    private void ownSliceFreed() {
        if (body == slice) {
            deallocate();
        }
    }

    private void deallocate() {
        body = null;
        opcode = 0;
        flags = 0;
        sequence = 0;
        if (handle != null) {
            handle.recycle(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HbtpFrame)) {
            return false;
        }
        HbtpFrame f = (HbtpFrame) o;
        return opcode == f.opcode && flags == f.flags && sequence == f.sequence
                && Objects.equals(body, f.body);
    }

    @Override
    public int hashCode() {
        ByteBuf b = body;
        return ((opcode * 31 + flags) * 31 + sequence) * 31 + (b == null ? 0 : b.hashCode());
    }

    @Override
    public String toString() {
        ByteBuf b = body;
        if (b == null) {
            return "HbtpFrame(released)";
        }
        HbtpOpcode type = HbtpOpcode.of(opcode);
        return "HbtpFrame(" + (type != null ? type.name() : "0x" + Integer.toHexString(opcode))
                + ", flags=" + HbtpFlags.toString(flags) + ", seq=" + sequence
                + ", body=" + (refCnt() > 0 ? b.readableBytes() + "B " + ByteBufUtil.hexDump(b, b.readerIndex(),
                        Math.min(32, b.readableBytes())) : "released") + ")";
    }

    // ---- factories ---------------------------------------------------------------------------

    /** A Ping with the given body (at most 125 bytes). */
    public static HbtpFrame ping(int sequence, ByteBuf body) {
        return newInstance(HbtpOpcode.PING, 0, sequence, body);
    }

    /** An RpcCall with EXPECTS_RESPONSE: route id u16 ‖ arguments. Consumes {@code arguments}. */
    public static HbtpFrame rpcCall(ByteBufAllocator alloc, int sequence, int route, ByteBuf arguments) {
        return rpcCall(alloc, sequence, route, HbtpMetadata.EMPTY, arguments);
    }

    /**
     * An RpcCall with EXPECTS_RESPONSE: metadata block (§11.1; HAS_METADATA unless {@code metadata} is
     * empty) ‖ route id u16 ‖ arguments. Consumes {@code arguments}.
     */
    public static HbtpFrame rpcCall(ByteBufAllocator alloc, int sequence, int route, HbtpMetadata metadata,
                                    ByteBuf arguments) {
        return routed(alloc, HbtpOpcode.RPC_CALL, HbtpFlags.EXPECTS_RESPONSE, sequence, route, metadata, arguments);
    }

    /**
     * An RpcStreamStart: metadata block (when not empty) ‖ route id u16 ‖ arguments. Consumes
     * {@code arguments}.
     */
    public static HbtpFrame rpcStreamStart(ByteBufAllocator alloc, int sequence, int route, HbtpMetadata metadata,
                                           ByteBuf arguments) {
        return routed(alloc, HbtpOpcode.RPC_STREAM_START, 0, sequence, route, metadata, arguments);
    }

    private static HbtpFrame routed(ByteBufAllocator alloc, HbtpOpcode op, int flags, int sequence, int route,
                                    HbtpMetadata metadata, ByteBuf arguments) {
        try {
            checkInRange(route, 0, 0xFFFF, "route");
            checkNotNull(metadata, "metadata");
            ByteBuf body = alloc.buffer(metadata.encodedSize() + 2 + arguments.readableBytes());
            metadata.writeTo(body).writeShortLE(route).writeBytes(arguments);
            return newInstance(op, flags | metadataFlag(metadata), sequence, body);
        } finally {
            arguments.release();
        }
    }

    /** An RpcResponse carrying {@code result} (consumed: it becomes the frame's body). */
    public static HbtpFrame rpcResponse(int sequence, ByteBuf result) {
        return newInstance(HbtpOpcode.RPC_RESPONSE, 0, sequence, result);
    }

    /**
     * An RpcResponse: metadata block (HAS_METADATA unless {@code metadata} is empty) ‖ result. Consumes
     * {@code result}; without metadata {@code result} itself becomes the body.
     */
    public static HbtpFrame rpcResponse(ByteBufAllocator alloc, int sequence, HbtpMetadata metadata, ByteBuf result) {
        if (metadata.isEmpty()) {
            return rpcResponse(sequence, result);
        }
        try {
            ByteBuf body = alloc.buffer(metadata.encodedSize() + result.readableBytes());
            metadata.writeTo(body).writeBytes(result, result.readerIndex(), result.readableBytes());
            return newInstance(HbtpOpcode.RPC_RESPONSE, HbtpFlags.HAS_METADATA, sequence, body);
        } finally {
            result.release();
        }
    }

    /**
     * An RpcStreamEnd with FINAL: metadata block (HAS_METADATA unless {@code metadata} is empty) ‖
     * {@code data}. Consumes {@code data}; without metadata {@code data} itself becomes the body.
     */
    public static HbtpFrame rpcStreamEnd(ByteBufAllocator alloc, int sequence, HbtpMetadata metadata, ByteBuf data) {
        if (metadata.isEmpty()) {
            return newInstance(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, sequence, data);
        }
        try {
            ByteBuf body = alloc.buffer(metadata.encodedSize() + data.readableBytes());
            metadata.writeTo(body).writeBytes(data, data.readerIndex(), data.readableBytes());
            return newInstance(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL | HbtpFlags.HAS_METADATA, sequence, body);
        } finally {
            data.release();
        }
    }

    /** An RpcStreamChunk carrying {@code data} (consumed: it becomes the frame's body). */
    public static HbtpFrame rpcStreamChunk(int sequence, ByteBuf data) {
        return newInstance(HbtpOpcode.RPC_STREAM_CHUNK, 0, sequence, data);
    }

    /** An RpcError: code u16 ‖ UTF-8 message. */
    public static HbtpFrame rpcError(ByteBufAllocator alloc, int sequence, int code, String message) {
        return newInstance(HbtpOpcode.RPC_ERROR, 0, sequence, codeAndText(alloc, HbtpMetadata.EMPTY, code, message));
    }

    /** An RpcError: metadata block (when not empty) ‖ code u16 ‖ UTF-8 message. */
    public static HbtpFrame rpcError(ByteBufAllocator alloc, int sequence, int code, String message,
                                     HbtpMetadata metadata) {
        return newInstance(HbtpOpcode.RPC_ERROR, metadataFlag(metadata), sequence,
                codeAndText(alloc, metadata, code, message));
    }

    /** An RpcCancel for the call or stream with {@code sequence} (§11.2): empty body. */
    public static HbtpFrame rpcCancel(int sequence) {
        return newInstance(HbtpOpcode.RPC_CANCEL, 0, sequence, Unpooled.EMPTY_BUFFER);
    }

    /** An RpcStreamCredit granting {@code credits} (1 to 2^32-1) more chunks on a stream (§11.3). */
    public static HbtpFrame rpcStreamCredit(ByteBufAllocator alloc, int sequence, long credits) {
        if (credits < 1 || credits > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("credits : " + credits + " (expected: 1 to 2^32-1)");
        }
        return newInstance(HbtpOpcode.RPC_STREAM_CREDIT, 0, sequence, alloc.buffer(4).writeIntLE((int) credits));
    }

    /** A GoAway: code u16 ‖ UTF-8 reason (§11.4). */
    public static HbtpFrame goAway(ByteBufAllocator alloc, int code, String reason) {
        return newInstance(HbtpOpcode.GO_AWAY, 0, 0, codeAndText(alloc, HbtpMetadata.EMPTY, code, reason));
    }

    /** A Close with FINAL: code u16 ‖ UTF-8 reason. */
    public static HbtpFrame close(ByteBufAllocator alloc, int code, String reason) {
        return newInstance(HbtpOpcode.CLOSE, HbtpFlags.FINAL, 0, codeAndText(alloc, HbtpMetadata.EMPTY, code, reason));
    }

    /** An AuthFailure: code u16 ‖ UTF-8 reason (§6). */
    public static HbtpFrame authFailure(ByteBufAllocator alloc, int code, String reason) {
        return newInstance(HbtpOpcode.AUTH_FAILURE, 0, 0, codeAndText(alloc, HbtpMetadata.EMPTY, code, reason));
    }

    /** A Close with FINAL and an empty body. */
    public static HbtpFrame close() {
        return newInstance(HbtpOpcode.CLOSE, HbtpFlags.FINAL, 0, Unpooled.EMPTY_BUFFER);
    }

    private static int metadataFlag(HbtpMetadata metadata) {
        return metadata.isEmpty() ? 0 : HbtpFlags.HAS_METADATA;
    }

    private static ByteBuf codeAndText(ByteBufAllocator alloc, HbtpMetadata metadata, int code, String text) {
        checkInRange(code, 0, 0xFFFF, "code");
        String t = text == null ? "" : text;
        ByteBuf body = alloc.buffer(metadata.encodedSize() + 2 + ByteBufUtil.utf8MaxBytes(t));
        metadata.writeTo(body).writeShortLE(code);
        ByteBufUtil.writeUtf8(body, t);
        return body;
    }
}
