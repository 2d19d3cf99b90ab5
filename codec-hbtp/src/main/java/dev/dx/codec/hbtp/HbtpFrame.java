package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * One HBTP/1 frame: header fields plus the plaintext body (spec §2).
 *
 * <p>A decoded frame carries the flags as they arrived (so a handler can see that it was compressed,
 * encrypted or checksummed) and the body after the §5 pipeline was undone. On the way out the
 * encoder decides {@link HbtpFlags#COMPRESSED} and {@link HbtpFlags#ENCRYPTED} itself; a frame that
 * already has COMPRESSED or HAS_CHECKSUM set asks the encoder for that treatment.
 *
 * <p>Reference counted: whoever consumes a frame releases it.
 */
public final class HbtpFrame extends DefaultByteBufHolder {

    private final int opcode;
    private final int flags;
    private final int sequence;

    /**
     * Creates a frame. {@code opcode} may be any byte, including one §4 does not define (for tests and
     * forward compatibility).
     */
    public HbtpFrame(int opcode, int flags, int sequence, ByteBuf body) {
        super(checkNotNull(body, "body"));
        this.opcode = checkInRange(opcode, 0, 0xFF, "opcode");
        this.flags = checkInRange(flags, 0, 0xFF, "flags");
        this.sequence = checkInRange(sequence, 0, HbtpHeader.MAX_SEQUENCE, "sequence");
    }

    /** Creates a frame with a §4 opcode. */
    public HbtpFrame(HbtpOpcode opcode, int flags, int sequence, ByteBuf body) {
        this(checkNotNull(opcode, "opcode").code(), flags, sequence, body);
    }

    /** The opcode byte, 0-255. */
    public int opcode() {
        return opcode;
    }

    /** The §4 opcode, or {@code null} when the byte names none. */
    public HbtpOpcode type() {
        return HbtpOpcode.of(opcode);
    }

    /** The flags byte. */
    public int flags() {
        return flags;
    }

    /** Returns whether every bit of {@code flag} is set. */
    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    /** The sequence, 0-65535. */
    public int sequence() {
        return sequence;
    }

    /** The body, an alias of {@link #content()}. */
    public ByteBuf body() {
        return content();
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
        return new HbtpFrame(opcode, newFlags, sequence, content());
    }

    @Override
    public HbtpFrame replace(ByteBuf content) {
        return new HbtpFrame(opcode, flags, sequence, content);
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
    public HbtpFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public HbtpFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public HbtpFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public HbtpFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HbtpFrame)) {
            return false;
        }
        HbtpFrame f = (HbtpFrame) o;
        return opcode == f.opcode && flags == f.flags && sequence == f.sequence && super.equals(o);
    }

    @Override
    public int hashCode() {
        return ((opcode * 31 + flags) * 31 + sequence) * 31 + super.hashCode();
    }

    @Override
    public String toString() {
        HbtpOpcode type = type();
        ByteBuf b = content();
        return "HbtpFrame(" + (type != null ? type.name() : "0x" + Integer.toHexString(opcode))
                + ", flags=" + HbtpFlags.toString(flags) + ", seq=" + sequence
                + ", body=" + (refCnt() > 0 ? b.readableBytes() + "B " + ByteBufUtil.hexDump(b, b.readerIndex(),
                        Math.min(32, b.readableBytes())) : "released") + ")";
    }

    // ---- factories ---------------------------------------------------------------------------

    /** A Ping with the given body (at most 125 bytes). */
    public static HbtpFrame ping(int sequence, ByteBuf body) {
        return new HbtpFrame(HbtpOpcode.PING, 0, sequence, body);
    }

    /** An RpcCall with EXPECTS_RESPONSE: route id u16 ‖ arguments. Consumes {@code arguments}. */
    public static HbtpFrame rpcCall(ByteBufAllocator alloc, int sequence, int route, ByteBuf arguments) {
        checkInRange(route, 0, 0xFFFF, "route");
        ByteBuf body = alloc.buffer(2 + arguments.readableBytes());
        body.writeShortLE(route).writeBytes(arguments);
        arguments.release();
        return new HbtpFrame(HbtpOpcode.RPC_CALL, HbtpFlags.EXPECTS_RESPONSE, sequence, body);
    }

    /** An RpcResponse carrying {@code result} (consumed: it becomes the frame's body). */
    public static HbtpFrame rpcResponse(int sequence, ByteBuf result) {
        return new HbtpFrame(HbtpOpcode.RPC_RESPONSE, 0, sequence, result);
    }

    /** An RpcError: code u16 ‖ UTF-8 message. */
    public static HbtpFrame rpcError(ByteBufAllocator alloc, int sequence, int code, String message) {
        return new HbtpFrame(HbtpOpcode.RPC_ERROR, 0, sequence, codeAndText(alloc, code, message));
    }

    /** A Close with FINAL: code u16 ‖ UTF-8 reason. */
    public static HbtpFrame close(ByteBufAllocator alloc, int code, String reason) {
        return new HbtpFrame(HbtpOpcode.CLOSE, HbtpFlags.FINAL, 0, codeAndText(alloc, code, reason));
    }

    /** An AuthFailure: code u16 ‖ UTF-8 reason (§6). */
    public static HbtpFrame authFailure(ByteBufAllocator alloc, int code, String reason) {
        return new HbtpFrame(HbtpOpcode.AUTH_FAILURE, 0, 0, codeAndText(alloc, code, reason));
    }

    /** A Close with FINAL and an empty body. */
    public static HbtpFrame close() {
        return new HbtpFrame(HbtpOpcode.CLOSE, HbtpFlags.FINAL, 0, Unpooled.EMPTY_BUFFER);
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
