package dev.dx.codec.hbtp;

/**
 * The flag bits of the HBTP header (spec §3; HAS_METADATA is HBTP/1.1, §11.1).
 *
 * <pre>
 *   7   6          5              4              3       2                  1           0
 * +---+---+--------------+--------------+-------+------------------+-----------+------------+
 * | reserved | HAS_METADATA | HAS_CHECKSUM | FINAL | EXPECTS_RESPONSE | ENCRYPTED | COMPRESSED |
 * +---+---+--------------+--------------+-------+------------------+-----------+------------+
 * </pre>
 */
public final class HbtpFlags {

    /** The plaintext body is one zstd frame (§5). */
    public static final int COMPRESSED = 0x01;
    /** The body is sealed with ChaCha20-Poly1305 (§6). */
    public static final int ENCRYPTED = 0x02;
    /** The sender waits for a response with the same sequence. */
    public static final int EXPECTS_RESPONSE = 0x04;
    /** Last frame of a stream; always set on Close. */
    public static final int FINAL = 0x08;
    /** The body ends with a CRC32C trailer (§5). */
    public static final int HAS_CHECKSUM = 0x10;
    /**
     * The plaintext body starts with a metadata block (§11.1), allowed on RpcCall, RpcResponse,
     * RpcError, RpcStreamStart and RpcStreamEnd only. Send it only to an HBTP/1.1 peer.
     */
    public static final int HAS_METADATA = 0x20;
    /** Bits 6-7: must be zero; a frame with any of them set is {@code BAD_FRAME}. */
    public static final int RESERVED_MASK = 0xC0;
    /** The bits that describe the body's transformation on the wire (§5): set by the encoder. */
    public static final int BODY_PIPELINE_MASK = COMPRESSED | ENCRYPTED | HAS_CHECKSUM;
    /** The eight bits of the header's flags byte (§3); any bit above them is never on the wire. */
    public static final int WIRE_MASK = 0xFF;
    /**
     * <b>Not a wire bit.</b> On a frame handed to {@link HbtpEncoder}: the body already is one zstd frame
     * with content size (made by {@link HbtpCompressedBody}), so the encoder sends it as is with
     * {@link #COMPRESSED} set and does not compress it again, alone or inside a Batch (§12). The header's
     * flags byte never carries it: the decoder never sets it, {@link HbtpHeader} writes only
     * {@link #WIRE_MASK}, and the encoder refuses such a body when it does not start with the zstd magic
     * number. {@link HbtpFrame} accepts it besides the eight wire bits.
     */
    public static final int PRECOMPRESSED = 0x100;

    private HbtpFlags() {
    }

    /** Returns whether every bit of {@code flag} is set in {@code flags}. */
    public static boolean isSet(int flags, int flag) {
        return (flags & flag) == flag;
    }

    /**
     * Returns whether {@code flags} is valid on the wire: no reserved bit, and not HAS_CHECKSUM together
     * with ENCRYPTED (§3), and no bit above {@link #WIRE_MASK} such as {@link #PRECOMPRESSED}.
     */
    public static boolean isValid(int flags) {
        return (flags & (RESERVED_MASK | ~WIRE_MASK)) == 0 && (flags & (HAS_CHECKSUM | ENCRYPTED)) != (HAS_CHECKSUM | ENCRYPTED);
    }

    /** A readable form such as {@code EXPECTS_RESPONSE|FINAL}, for logs and test names. */
    public static String toString(int flags) {
        if ((flags & (WIRE_MASK | PRECOMPRESSED)) == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder();
        append(b, flags, COMPRESSED, "COMPRESSED");
        append(b, flags, ENCRYPTED, "ENCRYPTED");
        append(b, flags, EXPECTS_RESPONSE, "EXPECTS_RESPONSE");
        append(b, flags, FINAL, "FINAL");
        append(b, flags, HAS_CHECKSUM, "HAS_CHECKSUM");
        append(b, flags, HAS_METADATA, "HAS_METADATA");
        append(b, flags, PRECOMPRESSED, "PRECOMPRESSED");
        if ((flags & RESERVED_MASK) != 0) {
            append(b, flags, flags & RESERVED_MASK, "RESERVED(0x" + Integer.toHexString(flags & RESERVED_MASK) + ")");
        }
        return b.toString();
    }

    private static void append(StringBuilder b, int flags, int flag, String name) {
        if ((flags & flag) != 0) {
            if (b.length() > 0) {
                b.append('|');
            }
            b.append(name);
        }
    }
}
