package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.Crc32c;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.HbtpChannelSecurity;
import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;

/**
 * Writes {@link HbtpFrame}s as bytes (spec §2) after running the body pipeline (§5): zstd (when the
 * body reaches {@link HbtpCodecConfig#compressionThreshold()} and shrinks, or when the frame asks for
 * COMPRESSED), then ChaCha20-Poly1305 once a handshake has installed the session keys, then a CRC32C
 * trailer (HAS_CHECKSUM on the frame or {@link HbtpCodecConfig#checksumOnSend()}; never on an encrypted
 * frame).
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
 */
public class HbtpEncoder extends ChannelOutboundHandlerAdapter {

    /** Bodies up to this many bytes are copied next to the header instead of being composed. */
    public static final int COPY_THRESHOLD = 256;

    private final HbtpCodecConfig config;
    private final int threshold;
    private final boolean checksumOnSend;
    private final ZstdBodyCodec zstd;
    private final Crc32c crc = new Crc32c();
    private HbtpChannelSecurity security;

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
    }

    /** The configuration this encoder runs with. */
    public HbtpCodecConfig config() {
        return config.snapshot();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        security = HbtpChannelSecurity.of(ctx.channel());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        zstd.close();
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
        if (!(msg instanceof HbtpFrame)) {
            ctx.write(msg, promise);
            return;
        }
        HbtpFrame frame = (HbtpFrame) msg;
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
        ByteBuf payload = body;
        try {
            int wireFlags = flags & ~HbtpFlags.BODY_PIPELINE_MASK;
            int n = payload.readableBytes();
            boolean forced = (flags & HbtpFlags.COMPRESSED) != 0;
            if (forced || threshold > 0 && n >= threshold) {
                ByteBuf compressed = zstd.compress(ctx.alloc(), payload);
                if (forced || compressed.readableBytes() < n) {
                    payload = compressed;
                    wireFlags |= HbtpFlags.COMPRESSED;
                } else {
                    compressed.release();
                }
            }
            FrameCipher sender = security.sender();
            if (sender != null && (!isHandshakePlaintext(frame.opcode()) || (flags & HbtpFlags.ENCRYPTED) != 0)) {
                return seal(ctx, frame, wireFlags | HbtpFlags.ENCRYPTED, payload, sender);
            }
            if ((flags & HbtpFlags.ENCRYPTED) != 0) {
                throw new EncoderException("ENCRYPTED requested before the handshake installed keys: " + frame);
            }
            boolean checksum = (flags & HbtpFlags.HAS_CHECKSUM) != 0 || checksumOnSend;
            if (checksum) {
                wireFlags |= HbtpFlags.HAS_CHECKSUM;
            }
            return frame(ctx, frame, wireFlags, payload, checksum);
        } finally {
            if (payload != body) {
                payload.release(); // the compressed body this method made
            }
        }
    }

    private static boolean isHandshakePlaintext(int opcode) {
        return opcode == 0x60 || opcode == 0x61 || opcode == 0x63;
    }

    private ByteBuf seal(ChannelHandlerContext ctx, HbtpFrame frame, int wireFlags, ByteBuf payload,
                         FrameCipher sender) {
        int n = payload.readableBytes();
        long length = (long) n + FrameCipher.TAG_LENGTH;
        ByteBuf buf = ctx.alloc().buffer(HbtpHeader.SIZE + n + FrameCipher.TAG_LENGTH);
        try {
            HbtpHeader.write(buf, frame.opcode(), wireFlags, frame.sequence(), length);
            long header = buf.getLongLE(0);
            sender.seal(header, payload, payload.readerIndex(), n, buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private ByteBuf frame(ChannelHandlerContext ctx, HbtpFrame frame, int wireFlags, ByteBuf payload,
                          boolean checksum) {
        int n = payload.readableBytes();
        int trailer = checksum ? 4 : 0;
        long crc32c = checksum ? crc.compute(payload, payload.readerIndex(), n) : 0;
        if (n <= COPY_THRESHOLD) {
            ByteBuf buf = ctx.alloc().buffer(HbtpHeader.SIZE + n + trailer);
            HbtpHeader.write(buf, frame.opcode(), wireFlags, frame.sequence(), n + trailer);
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
        HbtpHeader.write(header, frame.opcode(), wireFlags, frame.sequence(), n + trailer);
        CompositeByteBuf composite = ctx.alloc().compositeBuffer(3);
        composite.addComponent(true, header);
        composite.addComponent(true, payload.retain());
        if (checksum) {
            composite.addComponent(true, ctx.alloc().buffer(4).writeIntLE((int) crc32c));
        }
        return composite;
    }
}
