package dev.dx.codec.hbtp;

import dev.dx.codec.hbtp.internal.ZstdBodyCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Opens the body of a Batch (spec §12) into its inner frames, for {@link HbtpFrameDecoder}. The body
 * given is the Batch's plaintext, after its own §5 pipeline (checksum, decryption, decompression).
 *
 * <p>The whole Batch is checked before any inner frame is returned, in two passes:
 * <ol>
 *   <li>the layout: every inner header is complete, every inner length stays inside the Batch, and every
 *       inner frame keeps §12's rules (no ENCRYPTED, no HAS_CHECKSUM, no reserved bit, not a Batch, not a
 *       handshake frame 0x60-0x63); at least one inner frame;</li>
 *   <li>each inner frame as if it had arrived alone: on a connection that requires encryption, an inner
 *       frame of a plaintext Batch must be one that may travel in plaintext; a COMPRESSED inner body is
 *       decompressed on its own (its own §5 pipeline, compression only); the opcode's fixed fields and the
 *       metadata block are checked as for any frame.</li>
 * </ol>
 * Every violation is {@code BAD_FRAME} (or the code the same check has for a lone frame), names the
 * inner frame by its 1-based position, and releases everything. The plaintext bodies of all inner
 * frames together, after their own decompression, may not exceed the maximum frame length
 * ({@code DECOMPRESSION_FAILED}): a Batch cannot expand to more than one frame could.
 *
 * <p>Zero copy: an inner plain body is the pooled frame's own slice of the Batch's body (see
 * {@code RecycledSlice}), so inner frames, like frames that arrive alone, come from and go back to the
 * pool without allocation. An inner frame of an
 * ENCRYPTED Batch is passed on with {@link HbtpFlags#ENCRYPTED} set, as it would carry alone. Not
 * thread-safe: one per decoder.
 */
final class HbtpBatchUnpacker {

    private static final int HANDSHAKE_FIRST = 0x60;
    private static final int HANDSHAKE_LAST = 0x63;

    private final ZstdBodyCodec zstd;
    private final int maxFrameLength;
    private final boolean encryptionRequired;

    HbtpBatchUnpacker(ZstdBodyCodec zstd, int maxFrameLength, boolean encryptionRequired) {
        this.zstd = zstd;
        this.maxFrameLength = maxFrameLength;
        this.encryptionRequired = encryptionRequired;
    }

    /**
     * Checks the header fields §12 fixes on the Batch itself: sequence 0, neither EXPECTS_RESPONSE nor
     * FINAL nor HAS_METADATA. Called as soon as the header has arrived.
     */
    static void checkBatchHeader(int flags, int sequence) {
        if (sequence != 0) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "Batch with sequence " + sequence
                    + " (§12: a Batch's sequence is 0)");
        }
        int forbidden = flags & (HbtpFlags.EXPECTS_RESPONSE | HbtpFlags.FINAL | HbtpFlags.HAS_METADATA);
        if (forbidden != 0) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "Batch with " + HbtpFlags.toString(forbidden)
                    + " (§12: only COMPRESSED, ENCRYPTED or HAS_CHECKSUM)");
        }
    }

    /**
     * Adds the inner frames of {@code body} to {@code out} in order and returns how many; each must be
     * released by its consumer. Straight into the caller's list (the decoder's output), so a Batch costs
     * no list of its own; when a check fails, the frames already added are released and removed again,
     * leaving {@code out} as it was. Releases {@code body} in every case.
     *
     * @param encrypted whether the Batch arrived ENCRYPTED
     */
    int unpack(ByteBufAllocator alloc, ByteBuf body, boolean encrypted, List<Object> out) {
        try {
            int count = checkLayout(body);
            open(alloc, body, encrypted, count, out);
            return count;
        } finally {
            body.release();
        }
    }

    /** Pass 1: walks the inner headers; returns the number of inner frames. */
    private static int checkLayout(ByteBuf body) {
        int index = body.readerIndex();
        int end = body.writerIndex();
        int count = 0;
        while (index < end) {
            count++;
            int left = end - index;
            if (left < HbtpHeader.SIZE) {
                throw new HbtpException(HbtpErrorCode.BAD_FRAME, "inner frame " + count
                        + " of the Batch has a truncated header: " + left + " of 8 bytes");
            }
            int opcode = HbtpHeader.opcode(body, index);
            int flags = HbtpHeader.flags(body, index);
            long length = HbtpHeader.length(body, index);
            checkInnerHeader(count, opcode, flags);
            left -= HbtpHeader.SIZE;
            if (length > left) {
                throw new HbtpException(HbtpErrorCode.BAD_FRAME, "inner frame " + count
                        + " of the Batch runs past its end: length " + length + ", " + left + " bytes left");
            }
            index += HbtpHeader.SIZE + (int) length;
        }
        if (count == 0) {
            throw new HbtpException(HbtpErrorCode.BAD_FRAME, "empty Batch (§12: one or more frames)");
        }
        return count;
    }

    private static void checkInnerHeader(int position, int opcode, int flags) {
        if ((flags & HbtpFlags.RESERVED_MASK) != 0) {
            throw badInner(position, "has reserved flag bits: 0x" + Integer.toHexString(flags));
        }
        if ((flags & HbtpFlags.ENCRYPTED) != 0) {
            throw badInner(position, "is ENCRYPTED (§12: only the Batch is sealed)");
        }
        if ((flags & HbtpFlags.HAS_CHECKSUM) != 0) {
            throw badInner(position, "has HAS_CHECKSUM (§12)");
        }
        if (opcode == HbtpOpcode.BATCH.code()) {
            throw badInner(position, "is itself a Batch (§12: no nesting)");
        }
        if (opcode >= HANDSHAKE_FIRST && opcode <= HANDSHAKE_LAST) {
            throw badInner(position, "is handshake frame 0x" + Integer.toHexString(opcode) + " (§12: never batched)");
        }
    }

    /** {@code BAD_FRAME} for inner frame {@code position}; the message is built only when it is thrown. */
    private static HbtpException badInner(int position, String problem) {
        return new HbtpException(HbtpErrorCode.BAD_FRAME, "inner frame " + position + " of the Batch " + problem);
    }

    /** Pass 2: adds the inner frames to {@code out}; on any failure releases and removes the ones added. */
    private void open(ByteBufAllocator alloc, ByteBuf body, boolean encrypted, int count, List<Object> out) {
        int first = out.size();
        int index = body.readerIndex();
        long plainTotal = 0;
        try {
            for (int position = 1; position <= count; position++) {
                long header = body.getLongLE(index);
                int opcode = (int) header & 0xFF;
                int flags = (int) (header >>> 8) & 0xFF;
                int sequence = (int) (header >>> 16) & 0xFFFF;
                int length = (int) (header >>> 32);
                if (encryptionRequired && !encrypted && !HbtpFrameDecoder.mayBePlaintext(opcode)) {
                    throw new HbtpException(HbtpErrorCode.UNAUTHORIZED, "plaintext frame 0x"
                            + Integer.toHexString(opcode) + " (inner frame " + position
                            + " of a plaintext Batch) where encryption is required");
                }
                HbtpFrame frame = HbtpFrame.pooled();
                ByteBuf inner;
                try {
                    inner = innerBody(alloc, frame, body, index + HbtpHeader.SIZE, length, flags,
                            maxFrameLength - plainTotal, position);
                } catch (RuntimeException e) {
                    frame.discard();
                    throw e;
                }
                frame.init(opcode, encrypted ? flags | HbtpFlags.ENCRYPTED : flags, sequence, inner);
                plainTotal += inner.readableBytes();
                try {
                    HbtpFrameDecoder.checkFixedFields(opcode, flags, inner);
                } catch (HbtpException e) {
                    frame.release();
                    throw named(e, position);
                }
                out.add(frame);
                index += HbtpHeader.SIZE + length;
            }
        } catch (RuntimeException e) {
            for (int i = out.size() - 1; i >= first; i--) {
                ((HbtpFrame) out.remove(i)).release();
            }
            throw e;
        }
    }

    /**
     * The inner body: {@code frame}'s own slice of the Batch's body (it holds a reference to the Batch's
     * body, and the frame goes back to its pool when the slice is freed, as for a frame that arrived
     * alone), or its decompressed copy when it is COMPRESSED.
     */
    private ByteBuf innerBody(ByteBufAllocator alloc, HbtpFrame frame, ByteBuf body, int index, int length,
                              int flags, long budget, int position) {
        if ((flags & HbtpFlags.COMPRESSED) == 0) {
            if (length > budget) {
                throw tooMuchPlaintext(position);
            }
            return frame.slice(body, index, length);
        }
        ByteBuf slice = body.retainedSlice(index, length);
        try {
            return zstd.decompress(alloc, slice, (int) Math.max(0, budget));
        } catch (HbtpException e) {
            throw named(e, position);
        } finally {
            slice.release();
        }
    }

    private HbtpException tooMuchPlaintext(int position) {
        return new HbtpException(HbtpErrorCode.DECOMPRESSION_FAILED, "inner frame " + position
                + " of the Batch takes the Batch's plaintext past the maximum " + maxFrameLength);
    }

    private static HbtpException named(HbtpException e, int position) {
        String prefix = e.errorCode() + ": ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return new HbtpException(e.errorCode(), "inner frame " + position + " of the Batch: " + message, e);
    }
}
