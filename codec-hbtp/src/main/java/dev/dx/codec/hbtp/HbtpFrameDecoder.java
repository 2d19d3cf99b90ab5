package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.Crc32c;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream into {@link HbtpFrame}s (spec §2) and undoes the body pipeline (§5, §6):
 * checksum, then decryption, then decompression.
 *
 * <pre>
 * p.addLast("hbtpDecoder", new HbtpFrameDecoder(config));   // or use HbtpServerCodec / HbtpClientCodec
 * </pre>
 *
 * <p>Emits one {@link HbtpFrame} per frame; the next handler owns it and must release it. A plain body
 * is handed on as a retained slice of the inbound buffer (no copy); a compressed or encrypted body is a
 * new buffer, handed on through the same kind of slice (of its whole plaintext). Both the frame and its
 * body's slice come from per-thread pools, so on an event loop decoding allocates no object per frame, and
 * the frame goes back to its pool whoever frees its body last: once released, a frame must not be touched
 * again (see {@link HbtpFrame}, "Recycled frames"). Not {@code @Sharable}: it keeps per-channel state (the
 * cumulation, a zstd context, the receiving cipher).
 *
 * <h2>Errors</h2>
 * A header whose {@code length} exceeds {@link HbtpCodecConfig#maxFrameLength()} is refused as soon
 * as its 8 bytes have arrived, before any of the body is buffered ({@code TOO_LARGE}). Reserved flag
 * bits and HAS_CHECKSUM together with ENCRYPTED are {@code BAD_FRAME}; so is a body shorter than its
 * opcode's fixed fields or a Ping body over 125 bytes. On any such fatal error (§9) the decoder
 * discards everything it holds and everything that still arrives, writes Close with the code through
 * the channel's pipeline, closes the channel, and fires a {@link HbtpProtocolErrorEvent} user event.
 * Unknown opcodes are passed on (the {@link HbtpControlHandler} answers them).
 *
 * <h2>Batches (§12)</h2>
 * A Batch is never passed on itself: after its own pipeline its inner frames are, in order, each as if it
 * had arrived alone (plain bodies as retained slices of the Batch's body). A Batch with a sequence or
 * with EXPECTS_RESPONSE, FINAL or HAS_METADATA is {@code BAD_FRAME} from its header; an empty Batch, an
 * inner frame running past the end, or one that is ENCRYPTED, checksummed, a Batch or a handshake frame
 * is {@code BAD_FRAME}; the whole Batch is checked before its first inner frame is passed on. Inner frames
 * of an ENCRYPTED Batch count as encrypted (and carry the flag); those of a plaintext Batch meet the
 * "encryption required" rule one by one. See {@code HbtpBatchUnpacker} and {@code docs/hbtp.md} §12.
 *
 * <h2>Gallery</h2>
 * All integers are little-endian (§1).
 *
 * <h3>1. A Ping, sequence 1, body "hi"</h3>
 * <pre>
 * BEFORE (10 bytes)                             AFTER
 * +--------+--------+---------+-------------+-------+     HbtpFrame(PING, flags=0, seq=1)
 * | opcode | flags  | seq     | length      | body  |     body = "hi" (retained slice, 2 bytes)
 * | 0x00   | 0x00   | 01 00   | 02 00 00 00 | "hi"  |
 * +--------+--------+---------+-------------+-------+
 * </pre>
 *
 * <h3>2. Two frames in one read, the second incomplete</h3>
 * <pre>
 * BEFORE (13 + 5 bytes)
 * +----------------------------------------------+-------------------+
 * | 30 04 34 12 05 00 00 00 | 07 00 61 62 63     | 31 00 34 12 03    |
 * |   RpcCall header        |  route 7, "abc"    |  half a header    |
 * +----------------------------------------------+-------------------+
 * AFTER
 * HbtpFrame(RPC_CALL, EXPECTS_RESPONSE, seq=0x1234, body = 07 00 61 62 63); the 5 bytes stay buffered
 * </pre>
 *
 * <h3>3. A checksummed Ping: the trailer is checked and removed</h3>
 * <pre>
 * BEFORE (14 bytes)
 * +-------------------------+-------+-------------+
 * | 00 10 02 00 06 00 00 00 | "hi"  | c2 d9 9d f5 |   CRC32C("hi") = 0xf59dd9c2
 * +-------------------------+-------+-------------+
 * AFTER
 * HbtpFrame(PING, HAS_CHECKSUM, seq=2, body = "hi")
 * </pre>
 *
 * <h3>4. An encrypted, compressed RpcResponse</h3>
 * <pre>
 * BEFORE
 * +-------------------------+---------------------------------+-------------+
 * | 31 03 09 00 LL LL LL LL | ChaCha20(zstd frame of result)  | Poly1305 tag|
 * +-------------------------+---------------------------------+-------------+
 *   AAD = these 8 bytes       nonce = 00 00 00 00 ‖ n (u64 LE)    16 bytes
 * AFTER
 * HbtpFrame(RPC_RESPONSE, COMPRESSED|ENCRYPTED, seq=9, body = result (new buffer))
 * </pre>
 *
 * <h3>5. A length above the maximum: nothing is buffered</h3>
 * <pre>
 * BEFORE (8 bytes, maxFrameLength = 16 MiB)
 * +-------------------------+
 * | 50 00 00 00 00 00 00 40 |   length = 0x40000000 (1 GiB)
 * +-------------------------+
 * AFTER
 * nothing passed on; Close(TOO_LARGE) written, channel closed, later bytes discarded
 * </pre>
 *
 * <h3>6. A Batch of two Pongs (§12)</h3>
 * <pre>
 * BEFORE (26 bytes)
 * +-------------------------+----------------------------+----------------------------+
 * | 04 00 00 00 12 00 00 00 | 01 00 01 00 01 00 00 00 61 | 01 00 02 00 01 00 00 00 62 |
 * |  Batch, seq 0, 18 bytes |  Pong seq 1, "a"           |  Pong seq 2, "b"           |
 * +-------------------------+----------------------------+----------------------------+
 * AFTER
 * HbtpFrame(PONG, seq=1, body = "a"), then HbtpFrame(PONG, seq=2, body = "b"): slices of the Batch's body
 * </pre>
 */
public class HbtpFrameDecoder extends ByteToMessageDecoder {

    private final HbtpCodecConfig config;
    private final int maxFrameLength;
    private final int maxMetadataLength;
    private final boolean encryptionRequired;
    private final ZstdBodyCodec zstd;
    private final Crc32c crc = new Crc32c();
    private final HbtpBatchUnpacker batches;
    private HbtpChannelSecurity security;
    private boolean failed;
    private long metadataRefused;

    /** Creates a decoder with the default configuration. */
    public HbtpFrameDecoder() {
        this(new HbtpCodecConfig());
    }

    /** Creates a decoder with a snapshot of {@code config}. */
    public HbtpFrameDecoder(HbtpCodecConfig config) {
        this.config = checkNotNull(config, "config").snapshot();
        this.maxFrameLength = this.config.maxFrameLength();
        this.maxMetadataLength = this.config.maxMetadataLength();
        this.encryptionRequired = this.config.encryptionRequired();
        this.zstd = new ZstdBodyCodec(this.config.compressionLevel(), this.config.dictionary());
        this.batches = new HbtpBatchUnpacker(zstd, maxFrameLength, encryptionRequired);
    }

    /** The configuration this decoder runs with. */
    public HbtpCodecConfig config() {
        return config.snapshot();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        security = HbtpChannelSecurity.of(ctx.channel());
        super.handlerAdded(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        zstd.close();
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            HbtpFrame frame = decodeFrame(ctx, in, out);
            if (frame != null) {
                out.add(frame);
            }
        } catch (HbtpException e) {
            fail(ctx, in, e);
        }
    }

    /**
     * Decodes the next frame of {@code in}, or returns {@code null} when it is incomplete. A Batch's inner
     * frames go straight to {@code out} (and {@code null} is returned).
     */
    private HbtpFrame decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HbtpHeader.SIZE) {
            return null;
        }
        int idx = in.readerIndex();
        long header = in.getLongLE(idx);
        int opcode = (int) header & 0xFF;
        int flags = (int) (header >>> 8) & 0xFF;
        int sequence = (int) (header >>> 16) & 0xFFFF;
        long length = header >>> 32;
        if (length > maxFrameLength) {
            throw new HbtpException(HbtpErrorCode.TOO_LARGE,
                    "frame length " + length + " exceeds " + maxFrameLength);
        }
        if ((flags & HbtpFlags.RESERVED_MASK) != 0) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "reserved flag bits set: 0x"
                    + Integer.toHexString(flags));
        }
        if ((flags & (HbtpFlags.HAS_CHECKSUM | HbtpFlags.ENCRYPTED))
                == (HbtpFlags.HAS_CHECKSUM | HbtpFlags.ENCRYPTED)) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "HAS_CHECKSUM together with ENCRYPTED");
        }
        boolean batch = opcode == HbtpOpcode.BATCH.code();
        if (batch) {
            HbtpBatchUnpacker.checkBatchHeader(flags, sequence);
        }
        // A Batch is a container: its inner frames get this check one by one (§12).
        if (encryptionRequired && (flags & HbtpFlags.ENCRYPTED) == 0 && !batch && !mayBePlaintext(opcode)) {
            throw new HbtpException(HbtpErrorCode.UNAUTHORIZED,
                    "plaintext frame 0x" + Integer.toHexString(opcode) + " where encryption is required");
        }
        int len = (int) length;
        if (in.readableBytes() - HbtpHeader.SIZE < len) {
            return null;
        }
        // The frame object and its body slice come from the pool together (no allocation per frame).
        HbtpFrame frame = HbtpFrame.pooled();
        ByteBuf body;
        try {
            body = frame.slice(in, idx + HbtpHeader.SIZE, len);
            in.skipBytes(HbtpHeader.SIZE + len);
            body = undoPipeline(ctx, header, flags, body);
        } catch (RuntimeException e) {
            frame.discard();
            throw e;
        }
        if (batch) {
            // The Batch's body may be this frame object's own slice: the frame goes back to the pool only
            // once the unpacking (which takes inner frames from the same pool) has released that body.
            try {
                unpackBatch(ctx, flags, body, out);
            } finally {
                frame.discard();
            }
            return null;
        }
        int metadataLength;
        try {
            if (!frame.ownsSlice(body)) {
                // a new buffer (decrypted or decompressed): behind the frame's own slice too, so the frame
                // still goes back to its pool when whoever holds the body last frees it
                ByteBuf plain = body;
                body = frame.slice(plain, plain.readerIndex(), plain.readableBytes());
                plain.release();
            }
            metadataLength = checkFixedFields(opcode, flags, body);
        } catch (RuntimeException e) {
            body.release();
            frame.discard();
            throw e;
        }
        frame.init(opcode, flags, sequence, body);
        return limitMetadata(ctx, frame, metadataLength);
    }

    private HbtpFrame limitMetadata(ChannelHandlerContext ctx, HbtpFrame frame, int metadataLength) {
        if (metadataLength > maxMetadataLength) {
            return metadataOverLimit(ctx, frame, metadataLength);
        }
        return frame;
    }

    /**
     * §12: passes on the inner frames of a Batch whose body has been through its own pipeline, each as if
     * it had arrived alone. The whole Batch is checked before the first inner frame is passed on.
     */
    private void unpackBatch(ChannelHandlerContext ctx, int flags, ByteBuf body, List<Object> out) {
        int first = out.size();
        int count = batches.unpack(ctx.alloc(), body, (flags & HbtpFlags.ENCRYPTED) != 0, out);
        // the whole Batch is checked: now the metadata limit, frame by frame, in place
        int end = first + count;
        for (int i = first; i < end; ) {
            HbtpFrame frame = (HbtpFrame) out.get(i);
            int metadataLength = HbtpOpcode.isKnown(frame.opcode()) ? frame.metadataLength() : 0;
            if (metadataLength == 0) {
                i++; // nothing to limit
                continue;
            }
            HbtpFrame passed = limitMetadata(ctx, frame, metadataLength);
            if (passed == null) {
                out.remove(i);
                end--;
            } else {
                out.set(i++, passed);
            }
        }
    }

    /**
     * §11.1: a well-formed block above the limit fails just that call. A request (RpcCall, RpcStreamStart)
     * is answered here with RpcError {@code RESOURCE_EXHAUSTED} and dropped; an answer (RpcResponse,
     * RpcError, RpcStreamEnd) is replaced by an RpcError {@code RESOURCE_EXHAUSTED} with its sequence, so
     * the call it answers ends with that error. Releases {@code frame}.
     */
    private HbtpFrame metadataOverLimit(ChannelHandlerContext ctx, HbtpFrame frame, int metadataLength) {
        int opcode = frame.opcode();
        int sequence = frame.sequence();
        frame.release();
        metadataRefused++;
        String message = "metadata block of " + metadataLength + " bytes exceeds the limit of "
                + maxMetadataLength;
        HbtpFrame error = HbtpFrame.rpcError(ctx.alloc(), sequence, HbtpErrorCode.RESOURCE_EXHAUSTED.code(), message);
        if (opcode == HbtpOpcode.RPC_CALL.code() || opcode == HbtpOpcode.RPC_STREAM_START.code()) {
            // from the tail, so the whole outbound pipeline (and this codec's encoder) sees it
            ctx.channel().writeAndFlush(error, ctx.channel().voidPromise());
            return null;
        }
        return error;
    }

    /** Whether a frame of {@code opcode} may arrive in plaintext where encryption is required (§6). */
    static boolean mayBePlaintext(int opcode) {
        return opcode == 0x00 || opcode == 0x01 || opcode == 0x02
                || opcode == 0x60 || opcode == 0x61 || opcode == 0x63;
    }

    /** Checksum → decrypt → decompress (the reverse of §5's sender order). Consumes {@code body}. */
    private ByteBuf undoPipeline(ChannelHandlerContext ctx, long header, int flags, ByteBuf body) {
        try {
            if ((flags & HbtpFlags.HAS_CHECKSUM) != 0) {
                int n = body.readableBytes() - 4;
                if (n < 0) {
                    throw new HbtpException(HbtpErrorCode.BAD_FRAME, "HAS_CHECKSUM on a body of "
                            + body.readableBytes() + " bytes");
                }
                long expected = body.getUnsignedIntLE(body.readerIndex() + n);
                long actual = crc.compute(body, body.readerIndex(), n);
                if (expected != actual) {
                    throw new HbtpException(HbtpErrorCode.CHECKSUM_MISMATCH, "CRC32C 0x"
                            + Long.toHexString(actual) + " != trailer 0x" + Long.toHexString(expected));
                }
                body.writerIndex(body.writerIndex() - 4);
            }
            if ((flags & HbtpFlags.ENCRYPTED) != 0) {
                FrameCipher receiver = security.receiver();
                if (receiver == null) {
                    throw new HbtpException(HbtpErrorCode.DECRYPTION_FAILED, "ENCRYPTED frame before the handshake");
                }
                int n = body.readableBytes();
                ByteBuf plain = ctx.alloc().buffer(Math.max(0, n - FrameCipher.TAG_LENGTH));
                try {
                    receiver.open(header, body, body.readerIndex(), n, plain);
                } catch (RuntimeException e) {
                    plain.release();
                    throw e;
                }
                body.release();
                body = plain;
            }
            if ((flags & HbtpFlags.COMPRESSED) != 0) {
                ByteBuf plain = zstd.decompress(ctx.alloc(), body, maxFrameLength);
                body.release();
                body = plain;
            }
            return body;
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
    }

    /**
     * Checks the body against the opcode's fixed fields (§4) and the metadata rules (§11.1); returns the
     * metadata block's size (0 without HAS_METADATA). An opcode §4 does not define is left to the
     * control handler, whatever its flags.
     */
    static int checkFixedFields(int opcode, int flags, ByteBuf body) {
        HbtpOpcode op = HbtpOpcode.of(opcode);
        if (op == null) {
            return 0;
        }
        int metadataLength = 0;
        if ((flags & HbtpFlags.HAS_METADATA) != 0) {
            if (!op.allowsMetadata()) {
                throw new HbtpException(HbtpErrorCode.BAD_FRAME, "HAS_METADATA on " + op);
            }
            metadataLength = HbtpMetadata.blockLength(body, body.readerIndex());
        }
        int n = body.readableBytes() - metadataLength;
        if (n < op.fixedBodyLength()) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, op + " body of " + n
                    + " bytes is shorter than its " + op.fixedBodyLength() + " fixed bytes");
        }
        if (op == HbtpOpcode.PING && n > HbtpOpcode.MAX_PING_BODY) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "Ping body of " + n + " bytes (max 125)");
        }
        if (op == HbtpOpcode.RPC_STREAM_CREDIT && body.getUnsignedIntLE(body.readerIndex()) == 0) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "RpcStreamCredit of 0 credits (§11.3)");
        }
        return metadataLength;
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, HbtpException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireUserEventTriggered(new HbtpProtocolErrorEvent(e));
        if (ctx.channel().isActive()) {
            ctx.channel().writeAndFlush(HbtpFrame.close(ctx.alloc(), e.errorCode().code(), e.getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** The number of received bytes held waiting for the rest of a frame. */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    /** Frames whose metadata block exceeded {@link HbtpCodecConfig#maxMetadataLength()} (§11.1). */
    public long metadataRefused() {
        return metadataRefused;
    }

    /** Whether a fatal error has stopped this decoder. */
    public boolean isFailed() {
        return failed;
    }
}
