package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.Crc32c;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.handler.codec.EncoderException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * Writes {@link HbtpFrame}s as bytes (spec §2) after running the body pipeline (§5): zstd (when the
 * body reaches {@link HbtpCodecConfig#compressionThreshold()} and shrinks, or when the frame asks for
 * COMPRESSED), then ChaCha20-Poly1305 once a handshake has installed the session keys, then a CRC32C
 * trailer (HAS_CHECKSUM on the frame or {@link HbtpCodecConfig#checksumOnSend()}; never on an encrypted
 * frame). A frame marked {@link HbtpFlags#PRECOMPRESSED} (see {@link HbtpCompressedBody}) already holds one
 * zstd frame: it goes out as is with COMPRESSED, alone or inside a Batch, and is never compressed here.
 *
 * <pre>
 * p.addLast("hbtpEncoder", new HbtpEncoder(config));   // or use HbtpServerCodec / HbtpClientCodec
 * </pre>
 *
 * <p>Releases each frame it encodes and passes on one {@link ByteBuf} with the frame's promise; other
 * messages pass through untouched. A frame that cannot be encoded is released and its promise failed
 * with an {@link EncoderException}. A body larger than
 * {@value #COPY_THRESHOLD} bytes that needs no transformation is not copied: it is passed on as the
 * second component of a {@link CompositeByteBuf} behind the 8-byte header; a smaller one is copied next
 * to the header (one small buffer costs less than a composite). Not {@code @Sharable}: it owns a zstd
 * context and the sending cipher's counter.
 *
 * <h2>Batches (§12)</h2>
 * When the connection has session keys (or {@link HbtpCodecConfig#batchPlaintext()} is on and no
 * handshake frame has been written) and the peer speaks {@link HbtpVersion#V1_1} (see
 * {@link #peerVersion()}), frames wait here until the next flush. One waiting frame goes out alone, as
 * above; two or more go out as Batches, each sealed once and no longer than
 * {@link HbtpCodecConfig#maxFrameLength()}; each inner frame is compressed by the usual rule. A Batch is
 * laid out in one buffer ({@code HbtpBatchBuilder}) and sealed where it lies, so every inner body is
 * copied once, even one larger than {@value #COPY_THRESHOLD} bytes that a frame alone would pass on
 * uncopied (a plaintext Batch too, when {@link HbtpCodecConfig#batchPlaintext()} is on). Handshake frames, Batches written by hand and other
 * messages are never held: they send what waits first, so the wire keeps the order of the writes. Each
 * write's promise completes when its Batch's write does; void promises are fine. Frames still waiting
 * when the channel closes unflushed are released and their promises failed with a
 * {@link ClosedChannelException} (when the pipeline lets go of this handler), as Netty fails unflushed
 * writes; a handler removed from an active channel writes them on instead.
 *
 * <p>Held frames count toward the channel's pending outbound bytes, as unflushed writes do, so
 * {@link Channel#isWritable()} turns false when they pass the high-water mark and handlers that respect
 * writability stop writing; the count drops as the flush takes them (or as they are failed and released).
 * They wait in Netty's {@link PendingWriteQueue}, which counts each as the channel's
 * {@code MessageSizeEstimator} sizes it (the default one sizes an {@link HbtpFrame}, a
 * {@code ByteBufHolder}, as its body's readable bytes) plus a per-write overhead (64 bytes unless
 * {@code io.netty.transport.pendingWriteSizeOverhead} says otherwise). With the default estimator that
 * covers the 8-byte header and the 16-byte tag, so a held frame never counts for less than it takes on
 * the wire; a body the flush compresses counts at its uncompressed size, as the compressed one is not
 * known before. Frames that are not held are counted by Netty once encoded, as before.
 *
 * <h2>Peer version per channel</h2>
 * The peer's version starts as {@link HbtpCodecConfig#peerVersion()}; {@link #peerVersion(HbtpVersion)}
 * changes it for this channel once it is known, as
 * {@link dev.dx.codec.hbtp.websocket.HbtpWebSocketFrameCodec HbtpWebSocketFrameCodec} does from the
 * negotiated WebSocket subprotocol ({@code hbtp.v1.1}: {@link HbtpVersion#V1_1}). {@link #of(Channel)}
 * finds a channel's encoder, alone or inside {@link HbtpServerCodec} or {@link HbtpClientCodec}.
 */
public class HbtpEncoder extends ChannelOutboundHandlerAdapter {

    /** Bodies up to this many bytes are copied next to the header instead of being composed. */
    public static final int COPY_THRESHOLD = 256;

    /** The channel attribute {@link #of(Channel)} reads: set when an encoder is added to a pipeline. */
    private static final AttributeKey<HbtpEncoder> CHANNEL_ENCODER =
            AttributeKey.valueOf(HbtpEncoder.class, "encoder");

    private final HbtpCodecConfig config;
    private final int threshold;
    private final boolean checksumOnSend;
    private final ZstdBodyCodec zstd;
    private final Crc32c crc = new Crc32c();
    private final boolean batchPlaintext;
    private final int maxFrameLength;
    /** Whether the peer speaks HBTP/1.1, so frames may wait for a Batch: from the config, or per channel. */
    private boolean batching;
    /** The frames (with their promises) held for the next flush's Batch; made when the first one is held. */
    private PendingWriteQueue held;
    /** Lays out the Batches of a flush; made at the first, again if the keys change its limit. */
    private HbtpBatchBuilder batchBuilder;
    private boolean handshakeSeen;
    private HbtpChannelSecurity security;
    /** How many bodies this encoder has handed to zstd: lets tests prove a stored body is not compressed again. */
    private long compressions;

    /** Creates an encoder with the default configuration. */
    public HbtpEncoder() {
        this(new HbtpCodecConfig());
    }

    /** Creates an encoder with a snapshot of {@code config}. */
    public HbtpEncoder(HbtpCodecConfig config) {
        this.config = checkNotNull(config, "config").snapshot();
        this.threshold = this.config.compressionThreshold();
        this.checksumOnSend = this.config.checksumOnSend();
        this.zstd = new ZstdBodyCodec(this.config.compressionLevel(), this.config.dictionary());
        this.batching = this.config.peerVersion() == HbtpVersion.V1_1;
        this.batchPlaintext = this.config.batchPlaintext();
        this.maxFrameLength = this.config.maxFrameLength();
    }

    /** The configuration this encoder runs with. */
    public HbtpCodecConfig config() {
        return config.snapshot();
    }

    /**
     * The HBTP encoder of {@code channel}'s pipeline (added on its own or inside {@link HbtpServerCodec} or
     * {@link HbtpClientCodec}), or {@code null} if it has none. Recorded when the encoder is added.
     */
    public static HbtpEncoder of(Channel channel) {
        return checkNotNull(channel, "channel").attr(CHANNEL_ENCODER).get();
    }

    /** The HBTP version this encoder takes the peer to speak: Batches (§12) go only to {@link HbtpVersion#V1_1}. */
    public HbtpVersion peerVersion() {
        return batching ? HbtpVersion.V1_1 : HbtpVersion.V1;
    }

    /**
     * Sets the HBTP version of this channel's peer, once known (for example from the WebSocket subprotocol
     * it negotiated, §11.1), in place of {@link HbtpCodecConfig#peerVersion()}: frames written from now on
     * may be held for a Batch only when it is {@link HbtpVersion#V1_1}. Call it on the channel's event loop
     * before writing frames; frames already held still go out at the next flush.
     */
    public HbtpEncoder peerVersion(HbtpVersion peerVersion) {
        this.batching = checkNotNull(peerVersion, "peerVersion") == HbtpVersion.V1_1;
        return this;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        security = HbtpChannelSecurity.of(ctx.channel());
        ctx.channel().attr(CHANNEL_ENCODER).set(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        ctx.channel().attr(CHANNEL_ENCODER).compareAndSet(this, null);
        try {
            if (ctx.channel().isActive()) {
                writePending(ctx);
            } else {
                failPending(new ClosedChannelException());
            }
        } finally {
            zstd.close();
        }
    }

    /** Sends what waits for a Batch (§12), then flushes. */
    @Override
    public void flush(ChannelHandlerContext ctx) {
        writePending(ctx);
        ctx.flush();
    }

    /** For tests: the number of bodies this encoder has compressed (or tried to). */
    long compressions() {
        return compressions;
    }

    /** The number of frames held back for the next flush's Batch. */
    public int pendingFrames() {
        return held == null ? 0 : held.size();
    }

    /** The bytes the frames held for the next flush's Batch add to the channel's pending outbound bytes. */
    public long pendingBytes() {
        return held == null ? 0 : held.bytes();
    }

    /**
     * Encodes an {@link HbtpFrame} and writes the bytes in its place; writes anything else unchanged.
     * One frame is one buffer, so this writes it straight on rather than through a
     * {@code MessageToMessageEncoder}'s output list, type matcher and wrapping (about 3% of the
     * server's samples in a profile at pipelining depth 16; too little for ServerPipelineBenchmark
     * to resolve).
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HbtpFrame && mayBatch((HbtpFrame) msg)) {
            hold(ctx, (HbtpFrame) msg, promise);
            return;
        }
        writePending(ctx); // keeps the order of the wire
        if (!(msg instanceof HbtpFrame)) {
            ctx.write(msg, promise);
            return;
        }
        writeAlone(ctx, (HbtpFrame) msg, promise);
    }

    /** Keeps {@code frame} for the next flush's Batch, counted in the channel's pending outbound bytes. */
    private void hold(ChannelHandlerContext ctx, HbtpFrame frame, ChannelPromise promise) {
        PendingWriteQueue q = held;
        if (q == null) {
            q = held = new PendingWriteQueue(ctx);
        }
        q.add(frame, promise);
    }

    /**
     * Whether {@code frame} may wait for the flush to join a Batch (§12): the peer speaks HBTP/1.1, the
     * session keys are installed (or {@link HbtpCodecConfig#batchPlaintext()} is on and no handshake has
     * been seen), and the frame is neither a handshake frame nor a Batch nor one that asks for a checksum
     * or has invalid flags (those go their own way, as before).
     */
    private boolean mayBatch(HbtpFrame frame) {
        if (!batching) {
            return false;
        }
        int opcode = frame.opcode();
        if (opcode >= 0x60 && opcode <= 0x63) {
            handshakeSeen = true;
            return false;
        }
        int flags = frame.flags();
        if (opcode == HbtpOpcode.BATCH.code() || (flags & HbtpFlags.RESERVED_MASK) != 0) {
            return false;
        }
        if (security.sender() != null) {
            return true;
        }
        return batchPlaintext && !handshakeSeen && (flags & (HbtpFlags.ENCRYPTED | HbtpFlags.HAS_CHECKSUM)) == 0;
    }

    private void writeAlone(ChannelHandlerContext ctx, HbtpFrame frame, ChannelPromise promise) {
        ByteBuf encoded;
        try {
            encoded = encode(ctx, frame);
        } catch (Throwable t) {
            ReferenceCountUtil.safeRelease(frame);
            throw t instanceof EncoderException ? (EncoderException) t : new EncoderException(t);
        }
        try {
            frame.release();
        } catch (RuntimeException e) {
            encoded.release();
            throw new EncoderException(e);
        }
        ctx.write(encoded, promise);
    }

    /**
     * The wire bytes of {@code frame}, which stays the caller's: its body is borrowed, and only what
     * escapes (a composite's component) takes its own reference.
     */
    protected ByteBuf encode(ChannelHandlerContext ctx, HbtpFrame frame) {
        int flags = frame.flags();
        if ((flags & HbtpFlags.RESERVED_MASK) != 0) {
            throw new EncoderException("reserved flag bits set: " + HbtpFlags.toString(flags));
        }
        // The frame's body is borrowed (write releases the frame): each retain and release is an
        // atomic update; a profile at pipelining depth 16 put a tenth of the server's samples on that
        // pair (an A/B measured less: see BENCHMARKS.md, HBTP against the bare server).
        ByteBuf body = frame.content();
        ByteBuf payload = compressed(ctx, flags, body);
        try {
            int wireFlags = wireFlags(flags, payload != body);
            FrameCipher sender = security.sender();
            if (sender != null && (!isHandshakePlaintext(frame.opcode()) || (flags & HbtpFlags.ENCRYPTED) != 0)) {
                return seal(ctx, frame.opcode(), frame.sequence(), wireFlags | HbtpFlags.ENCRYPTED, payload, sender);
            }
            if ((flags & HbtpFlags.ENCRYPTED) != 0) {
                throw new EncoderException("ENCRYPTED requested before the handshake installed keys: " + frame);
            }
            boolean checksum = (flags & HbtpFlags.HAS_CHECKSUM) != 0 || checksumOnSend;
            if (checksum) {
                wireFlags |= HbtpFlags.HAS_CHECKSUM;
            }
            return frame(ctx, frame.opcode(), frame.sequence(), wireFlags, payload, checksum);
        } finally {
            if (payload != body) {
                payload.release(); // the compressed body this method made
            }
        }
    }

    /**
     * The header's flags before sealing and checksum: the frame's, without the body pipeline's bits and
     * {@link HbtpFlags#PRECOMPRESSED}, with COMPRESSED when this encoder compressed the body or it came
     * compressed.
     */
    private static int wireFlags(int flags, boolean compressedHere) {
        int wireFlags = flags & HbtpFlags.WIRE_MASK & ~HbtpFlags.BODY_PIPELINE_MASK;
        if (compressedHere || (flags & HbtpFlags.PRECOMPRESSED) != 0) {
            wireFlags |= HbtpFlags.COMPRESSED;
        }
        return wireFlags;
    }

    /**
     * §5's compression step: {@code body} itself, or a new compressed buffer when the frame asks for
     * COMPRESSED or its body reaches the threshold and shrinks. A {@link HbtpFlags#PRECOMPRESSED} body is
     * already one zstd frame: it is checked for zstd's magic number and passed on untouched.
     */
    private ByteBuf compressed(ChannelHandlerContext ctx, int flags, ByteBuf body) {
        int n = body.readableBytes();
        if ((flags & HbtpFlags.PRECOMPRESSED) != 0) {
            if (n < 4 || body.getIntLE(body.readerIndex()) != HbtpCompressedBody.ZSTD_MAGIC) {
                throw new EncoderException("PRECOMPRESSED body is not a zstd frame (" + n + " bytes, no zstd magic)");
            }
            return body;
        }
        boolean forced = (flags & HbtpFlags.COMPRESSED) != 0;
        if (forced || threshold > 0 && n >= threshold) {
            compressions++;
            ByteBuf compressed = zstd.compress(ctx.alloc(), body);
            if (forced || compressed.readableBytes() < n) {
                return compressed;
            }
            compressed.release();
        }
        return body;
    }

    /**
     * Writes the frames held for a Batch (§12): one alone as usual; several as Batches no longer than
     * the maximum frame length, each laid out in one buffer and sealed there once on an encrypted
     * connection.
     */
    private void writePending(ChannelHandlerContext ctx) {
        PendingWriteQueue q = held;
        if (q == null || q.isEmpty()) {
            return;
        }
        if (q.size() == 1) {
            writeHeldAlone(ctx, q);
            return;
        }
        FrameCipher sender = security.sender();
        HbtpBatchBuilder batch = batchBuilder(sender);
        while (!q.isEmpty()) {
            long estimate = q.bytes();
            HbtpFrame frame = (HbtpFrame) q.current();
            int flags = frame.flags();
            ByteBuf body = frame.content();
            ByteBuf payload;
            try {
                payload = compressed(ctx, flags, body);
            } catch (RuntimeException e) {
                q.remove().tryFailure(e instanceof EncoderException ? e : new EncoderException(e));
                continue;
            }
            try {
                if (!batch.fits(HbtpHeader.SIZE + (long) payload.readableBytes())) {
                    writeBatch(ctx, batch, sender);
                }
                batch.append(ctx, estimate, frame.opcode(), wireFlags(flags, payload != body), frame.sequence(),
                        payload);
            } catch (RuntimeException e) {
                q.remove().tryFailure(e instanceof EncoderException ? e : new EncoderException(e));
                continue;
            } finally {
                if (payload != body) {
                    payload.release();
                }
            }
            batch.appended(q.remove()); // the removal releases the frame and takes its bytes off the count
        }
        writeBatch(ctx, batch, sender);
    }

    /** The Batch builder for the current keys: its limit leaves room for the Batch's tag or checksum. */
    private HbtpBatchBuilder batchBuilder(FrameCipher sender) {
        int limit = maxFrameLength - (sender != null ? FrameCipher.TAG_LENGTH : checksumOnSend ? 4 : 0);
        HbtpBatchBuilder b = batchBuilder;
        if (b == null || b.limit() != limit) {
            b = batchBuilder = new HbtpBatchBuilder(limit);
        }
        return b;
    }

    /** Writes the one frame {@code q} holds as a frame of its own (encoded before it leaves the count). */
    private void writeHeldAlone(ChannelHandlerContext ctx, PendingWriteQueue q) {
        ByteBuf encoded;
        try {
            encoded = encode(ctx, (HbtpFrame) q.current());
        } catch (Throwable t) {
            q.remove().tryFailure(t instanceof EncoderException ? t : new EncoderException(t));
            return;
        }
        ChannelPromise promise = q.remove(); // releases the frame and takes its bytes off the count
        ctx.write(encoded, promise);
    }

    /** Writes what {@code batch} holds (a lone inner frame as a frame of its own) and empties it. */
    private void writeBatch(ChannelHandlerContext ctx, HbtpBatchBuilder batch, FrameCipher sender) {
        if (batch.isEmpty()) {
            return;
        }
        ChannelPromise promise = batch.promise(ctx);
        boolean lone = batch.size() == 1;
        ByteBuf buf = batch.take();
        try {
            if (lone) {
                finishAlone(buf, sender);
            } else {
                finishBatch(buf, sender);
            }
        } catch (RuntimeException e) {
            buf.release();
            promise.tryFailure(new EncoderException(e));
            return;
        }
        ctx.write(buf, promise);
    }

    /**
     * Turns a builder's buffer holding several inner frames into the Batch frame: the header at index 0,
     * then the body sealed in place with the tag behind it, or plaintext with the usual checksum.
     */
    private void finishBatch(ByteBuf buf, FrameCipher sender) {
        int opcode = HbtpOpcode.BATCH.code();
        if (sender != null) {
            sealInPlace(buf, 0, opcode, 0, HbtpFlags.ENCRYPTED, sender);
        } else {
            checksumInPlace(buf, 0, opcode, 0, 0, checksumOnSend);
        }
    }

    /**
     * Turns a builder's buffer holding one inner frame into that frame alone: its header, already at
     * {@link HbtpBatchBuilder#BODY_OFFSET}, gets ENCRYPTED and the tag's length (the body is sealed in
     * place), or the checksum when one is sent; the reader index moves to it.
     */
    private void finishAlone(ByteBuf buf, FrameCipher sender) {
        int at = HbtpBatchBuilder.BODY_OFFSET;
        int opcode = HbtpHeader.opcode(buf, at);
        int flags = HbtpHeader.flags(buf, at);
        int sequence = HbtpHeader.sequence(buf, at);
        if (sender != null) {
            sealInPlace(buf, at, opcode, sequence, flags | HbtpFlags.ENCRYPTED, sender);
        } else if (checksumOnSend) {
            checksumInPlace(buf, at, opcode, sequence, flags, true);
        }
        buf.readerIndex(at);
    }

    /**
     * Seals the body that runs from {@code at + 8} to the writer index in place, appends the tag and
     * writes the frame's header at {@code at} (the header is the associated data, so it comes first).
     */
    private static void sealInPlace(ByteBuf buf, int at, int opcode, int sequence, int wireFlags,
                                    FrameCipher sender) {
        int body = at + HbtpHeader.SIZE;
        int n = buf.writerIndex() - body;
        HbtpHeader.set(buf, at, opcode, wireFlags, sequence, (long) n + FrameCipher.TAG_LENGTH);
        sender.sealInPlace(buf.getLongLE(at), buf, body, n);
    }

    /**
     * Writes the header at {@code at} for the body behind it to the writer index; with {@code checksum},
     * HAS_CHECKSUM in its flags and the CRC32C appended.
     */
    private void checksumInPlace(ByteBuf buf, int at, int opcode, int sequence, int wireFlags, boolean checksum) {
        int body = at + HbtpHeader.SIZE;
        int n = buf.writerIndex() - body;
        HbtpHeader.set(buf, at, opcode, checksum ? wireFlags | HbtpFlags.HAS_CHECKSUM : wireFlags, sequence,
                n + (checksum ? 4 : 0));
        if (checksum) {
            buf.writeIntLE((int) crc.compute(buf, body, n));
        }
    }

    /** Releases the held frames and fails their promises (a void one fires {@code exceptionCaught}, as before). */
    private void failPending(Throwable cause) {
        PendingWriteQueue q = held;
        if (q == null) {
            return;
        }
        while (!q.isEmpty()) {
            q.remove().tryFailure(cause);
        }
    }

    private static boolean isHandshakePlaintext(int opcode) {
        return opcode == 0x60 || opcode == 0x61 || opcode == 0x63;
    }

    private static ByteBuf seal(ChannelHandlerContext ctx, int opcode, int sequence, int wireFlags, ByteBuf payload,
                                FrameCipher sender) {
        int n = payload.readableBytes();
        long length = (long) n + FrameCipher.TAG_LENGTH;
        ByteBuf buf = ctx.alloc().buffer(HbtpHeader.SIZE + n + FrameCipher.TAG_LENGTH);
        try {
            HbtpHeader.write(buf, opcode, wireFlags, sequence, length);
            long header = buf.getLongLE(0);
            sender.seal(header, payload, payload.readerIndex(), n, buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private ByteBuf frame(ChannelHandlerContext ctx, int opcode, int sequence, int wireFlags, ByteBuf payload,
                          boolean checksum) {
        int n = payload.readableBytes();
        int trailer = checksum ? 4 : 0;
        long crc32c = checksum ? crc.compute(payload, payload.readerIndex(), n) : 0;
        if (n <= COPY_THRESHOLD) {
            ByteBuf buf = ctx.alloc().buffer(HbtpHeader.SIZE + n + trailer);
            HbtpHeader.write(buf, opcode, wireFlags, sequence, n + trailer);
            // Copy by the source's getBytes: it walks down to the memory and copies address to
            // address. buf.writeBytes(payload) would, with Netty 4.2's adaptive buffers, make NIO
            // buffers through every slice level of a decoded body.
            int w = buf.writerIndex();
            payload.getBytes(payload.readerIndex(), buf, w, n);
            buf.writerIndex(w + n);
            if (checksum) {
                buf.writeIntLE((int) crc32c);
            }
            return buf;
        }
        ByteBuf header = ctx.alloc().buffer(HbtpHeader.SIZE + trailer);
        HbtpHeader.write(header, opcode, wireFlags, sequence, n + trailer);
        CompositeByteBuf composite = ctx.alloc().compositeBuffer(3);
        composite.addComponent(true, header);
        composite.addComponent(true, payload.retain());
        if (checksum) {
            composite.addComponent(true, ctx.alloc().buffer(4).writeIntLE((int) crc32c));
        }
        return composite;
    }
}
