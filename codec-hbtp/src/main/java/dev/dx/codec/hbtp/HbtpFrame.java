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
 * One HBTP/1 frame: header fields plus the plaintext body (spec §2).
 *
 * <p>A decoded frame carries the flags as they arrived (so a handler can see that it was compressed,
 * encrypted or checksummed) and the body after the §5 pipeline was undone. On the way out the
 * encoder decides {@link HbtpFlags#COMPRESSED} and {@link HbtpFlags#ENCRYPTED} itself; a frame that
 * already has COMPRESSED or HAS_CHECKSUM set asks the encoder for that treatment.
 *
 * <p>Reference counted like Netty's {@code DefaultByteBufHolder}: the frame's reference count is its
 * body's; whoever consumes a frame releases it.
 *
 * <h2>Recycled frames</h2>
 * Frames made by {@link #newInstance} (which {@link HbtpFrameDecoder} and the static factories below use)
 * come from a per-thread {@link Recycler} pool: when {@link #release()} brings the count to 0 the frame
 * forgets its fields and goes back to the pool, ready to be handed out as a <em>different</em> frame. A
 * decoded frame's plain body is a slice object the frame owns and reuses, so it is recycled with the frame.
 * So, exactly as with a pooled {@code ByteBuf}:
 * <ul>
 *   <li>never touch a frame after the release that freed it (not its opcode, not its sequence, not
 *       its body) and never release it twice: before reuse this throws
 *       {@link IllegalReferenceCountException}, after reuse it would act on someone else's frame;</li>
 *   <li>keep what you need past the release by copying the fields into locals, or call
 *       {@link #retain()} (or {@code retainedDuplicate()}) and release later;</li>
 *   <li>a frame from {@link HbtpFrameDecoder} with a plain body goes back to the pool when that body is
 *       freed, whoever releases it last: the frame itself, or the holder of a retained slice or duplicate
 *       of it (an RpcResponse that echoes the call's arguments, say). From then on the frame is released,
 *       as its {@link #refCnt()} says;</li>
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

    /** For the decoder: gives back a frame from {@link #pooled()} that was never initialised. */
    void discard() {
        if (body == null && handle != null) {
            handle.recycle(this);
        }
    }

    void init(int opcode, int flags, int sequence, ByteBuf body) {
        checkNotNull(body, "body");
        this.opcode = checkInRange(opcode, 0, 0xFF, "opcode");
        this.flags = checkInRange(flags, 0, 0xFF, "flags");
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

    /** The flags byte. */
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

    /** For RpcCall and RpcStreamStart: the u16 route id at the start of the body. */
    public int route() {
        ByteBuf b = content();
        return b.getUnsignedShortLE(b.readerIndex());
    }

    /** For RpcCall and RpcStreamStart: a slice of the arguments after the route id (not retained). */
    public ByteBuf arguments() {
        ByteBuf b = content();
        return b.slice(b.readerIndex() + 2, b.readableBytes() - 2);
    }

    /** For RpcError, Close and AuthFailure: the u16 code, or 0 when a Close has an empty body. */
    public int errorCode() {
        ByteBuf b = content();
        return b.readableBytes() >= 2 ? b.getUnsignedShortLE(b.readerIndex()) : 0;
    }

    /** For RpcError, Close and AuthFailure: the UTF-8 message after the code. */
    public String errorMessage() {
        ByteBuf b = content();
        return b.readableBytes() > 2
                ? b.toString(b.readerIndex() + 2, b.readableBytes() - 2, StandardCharsets.UTF_8)
                : "";
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
        checkInRange(route, 0, 0xFFFF, "route");
        ByteBuf body = alloc.buffer(2 + arguments.readableBytes());
        body.writeShortLE(route).writeBytes(arguments);
        arguments.release();
        return newInstance(HbtpOpcode.RPC_CALL, HbtpFlags.EXPECTS_RESPONSE, sequence, body);
    }

    /** An RpcResponse carrying {@code result} (consumed: it becomes the frame's body). */
    public static HbtpFrame rpcResponse(int sequence, ByteBuf result) {
        return newInstance(HbtpOpcode.RPC_RESPONSE, 0, sequence, result);
    }

    /** An RpcError: code u16 ‖ UTF-8 message. */
    public static HbtpFrame rpcError(ByteBufAllocator alloc, int sequence, int code, String message) {
        return newInstance(HbtpOpcode.RPC_ERROR, 0, sequence, codeAndText(alloc, code, message));
    }

    /** A Close with FINAL: code u16 ‖ UTF-8 reason. */
    public static HbtpFrame close(ByteBufAllocator alloc, int code, String reason) {
        return newInstance(HbtpOpcode.CLOSE, HbtpFlags.FINAL, 0, codeAndText(alloc, code, reason));
    }

    /** An AuthFailure: code u16 ‖ UTF-8 reason (§6). */
    public static HbtpFrame authFailure(ByteBufAllocator alloc, int code, String reason) {
        return newInstance(HbtpOpcode.AUTH_FAILURE, 0, 0, codeAndText(alloc, code, reason));
    }

    /** A Close with FINAL and an empty body. */
    public static HbtpFrame close() {
        return newInstance(HbtpOpcode.CLOSE, HbtpFlags.FINAL, 0, Unpooled.EMPTY_BUFFER);
    }

    private static ByteBuf codeAndText(ByteBufAllocator alloc, int code, String text) {
        checkInRange(code, 0, 0xFFFF, "code");
        String t = text == null ? "" : text;
        ByteBuf body = alloc.buffer(2 + ByteBufUtil.utf8MaxBytes(t));
        body.writeShortLE(code);
        ByteBufUtil.writeUtf8(body, t);
        return body;
    }
}
