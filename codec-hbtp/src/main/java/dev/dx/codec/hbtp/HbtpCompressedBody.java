package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCounted;

/**
 * An answer body compressed once and sent as is any number of times, on any number of channels: spec §5's
 * zstd step done ahead of time, for a cache that keeps answers in the bytes it will send.
 *
 * <pre>
 * HbtpCompressedBody stored = HbtpCompressedBody.compress(alloc, resultBytes, 3);  // once, at fill time
 * ...
 * exchange.respond(stored);        // per call: no copy, no compression; stored keeps its reference
 * ...
 * stored.release();                // at eviction
 * </pre>
 *
 * <p>{@link #compress} keeps the zstd frame when it is smaller than the plaintext, and the plaintext
 * otherwise; the caller need not care which ({@link #isCompressed()} tells). A compressed body is sent with
 * COMPRESSED set: {@link #frame} marks the frame {@link HbtpFlags#PRECOMPRESSED}, so {@link HbtpEncoder}
 * skips its own compression, alone or inside a Batch (§12); encryption and checksums still apply per
 * send, as to any body.
 *
 * <h2>Metadata</h2>
 * A metadata block (§11.1) is part of the plaintext that zstd compresses, so an answer that carries
 * metadata (given to {@link HbtpExchange#respond(HbtpCompressedBody, HbtpMetadata)} or added by an
 * {@linkplain HbtpExchange#onAnswer answer hook}) cannot use the stored frame: its body is decompressed,
 * the block put in front, and the encoder compresses the whole as usual. That is correct, but it costs a
 * decompression and a compression per send: <b>the fast path is the answer without metadata.</b>
 *
 * <h2>Dictionaries</h2>
 * The body is compressed without a dictionary, whatever the connection's
 * {@link HbtpCodecConfig#dictionary(byte[])}: the zstd frame names no dictionary, and a receiver that has
 * loaded one still decodes it (tested with a raw-content and a trained dictionary; zstd's trained
 * dictionaries start from zstd's standard repeat offsets, and a frame compressed without a dictionary
 * never refers to dictionary content or tables).
 *
 * <h2>Ownership</h2>
 * Reference counted like a {@code ByteBuf}: the holder releases it when done (the cache, at eviction).
 * Each send takes a retained duplicate, so sends never change the count once their writes complete; the
 * holder must keep its reference until the {@code respond} (or {@link #frame}) call has returned. Immutable
 * in content: never write to {@link #content()}. Safe to send from any thread.
 */
public final class HbtpCompressedBody implements ReferenceCounted {

    /** The first four bytes of every zstd frame, as a little-endian int (RFC 8878 §3.1.1). */
    static final int ZSTD_MAGIC = 0xFD2FB528;

    private final ByteBuf bytes;
    private final boolean compressed;
    private final int plainLength;

    private HbtpCompressedBody(ByteBuf bytes, boolean compressed, int plainLength) {
        this.bytes = bytes;
        this.compressed = compressed;
        this.plainLength = plainLength;
    }

    /**
     * Compresses the readable bytes of {@code body} at zstd {@code level} (-7 to 22, as
     * {@link HbtpCodecConfig#compressionLevel(int)}) into one zstd frame with content size. Takes over
     * {@code body}: it is released when the frame is smaller, and kept as the stored bytes otherwise.
     *
     * @throws IllegalArgumentException when the level is out of range ({@code body} is then released)
     */
    public static HbtpCompressedBody compress(ByteBufAllocator alloc, ByteBuf body, int level) {
        checkNotNull(body, "body");
        try {
            checkNotNull(alloc, "alloc");
            checkInRange(level, -7, 22, "level");
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        int n = body.readableBytes();
        ByteBuf frame;
        try (ZstdBodyCodec zstd = new ZstdBodyCodec(level, null)) {
            frame = zstd.compress(alloc, body);
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        if (frame.readableBytes() < n) {
            body.release();
            return new HbtpCompressedBody(frame, true, n);
        }
        frame.release();
        return new HbtpCompressedBody(body, false, n);
    }

    /**
     * A body stored and sent as it is, never compressed: for bodies too small for zstd to pay its
     * receiver's decompression. Takes over {@code body}.
     */
    public static HbtpCompressedBody uncompressed(ByteBuf body) {
        checkNotNull(body, "body");
        return new HbtpCompressedBody(body, false, body.readableBytes());
    }

    /** {@link #compress(ByteBufAllocator, ByteBuf, int)} at {@link HbtpCodecConfig#DEFAULT_COMPRESSION_LEVEL}. */
    public static HbtpCompressedBody compress(ByteBufAllocator alloc, ByteBuf body) {
        return compress(alloc, body, HbtpCodecConfig.DEFAULT_COMPRESSION_LEVEL);
    }

    /** Whether the stored bytes are a zstd frame (the compression made the body smaller). */
    public boolean isCompressed() {
        return compressed;
    }

    /** The size of the plaintext body in bytes. */
    public int plainLength() {
        return plainLength;
    }

    /** The size of the stored bytes: what one send puts on the wire before sealing or checksum. */
    public int storedLength() {
        return bytes.readableBytes();
    }

    /** The stored bytes (not retained, not to be modified): the zstd frame, or the plaintext. */
    public ByteBuf content() {
        return bytes;
    }

    /**
     * A new frame around a retained duplicate of the stored bytes, with {@link HbtpFlags#PRECOMPRESSED}
     * added to {@code flags} when they are compressed: for example {@code frame(RPC_RESPONSE, 0, seq)}.
     * The frame is the caller's to write or release. {@code flags} must not ask for COMPRESSED or
     * HAS_METADATA (the stored body has no metadata block).
     */
    public HbtpFrame frame(HbtpOpcode opcode, int flags, int sequence) {
        checkNotNull(opcode, "opcode");
        if ((flags & (HbtpFlags.COMPRESSED | HbtpFlags.HAS_METADATA | HbtpFlags.PRECOMPRESSED)) != 0) {
            throw new IllegalArgumentException("flags : " + HbtpFlags.toString(flags)
                    + " (expected: no COMPRESSED, HAS_METADATA or PRECOMPRESSED; the body decides)");
        }
        ByteBuf body = bytes.retainedDuplicate();
        return HbtpFrame.newInstance(opcode, compressed ? flags | HbtpFlags.PRECOMPRESSED : flags, sequence, body);
    }

    /**
     * A new buffer with the plaintext (the caller releases it): decompressed, or a retained duplicate of
     * the stored bytes when they are not compressed. The slow path, for answers that carry metadata.
     */
    public ByteBuf plaintext(ByteBufAllocator alloc) {
        checkNotNull(alloc, "alloc");
        if (!compressed) {
            return bytes.retainedDuplicate();
        }
        try (ZstdBodyCodec zstd = new ZstdBodyCodec(HbtpCodecConfig.DEFAULT_COMPRESSION_LEVEL, null)) {
            return zstd.decompress(alloc, bytes.duplicate(), plainLength);
        }
    }

    @Override
    public int refCnt() {
        return bytes.refCnt();
    }

    @Override
    public HbtpCompressedBody retain() {
        bytes.retain();
        return this;
    }

    @Override
    public HbtpCompressedBody retain(int increment) {
        bytes.retain(increment);
        return this;
    }

    @Override
    public HbtpCompressedBody touch() {
        bytes.touch();
        return this;
    }

    @Override
    public HbtpCompressedBody touch(Object hint) {
        bytes.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return bytes.release();
    }

    @Override
    public boolean release(int decrement) {
        return bytes.release(decrement);
    }

    @Override
    public String toString() {
        return "HbtpCompressedBody(" + (compressed ? "zstd " + storedLength() + "B of " : "plain ") + plainLength
                + "B" + (refCnt() == 0 ? ", released" : "") + ")";
    }
}
