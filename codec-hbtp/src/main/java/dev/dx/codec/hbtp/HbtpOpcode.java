package dev.dx.codec.hbtp;

/**
 * The opcodes of HBTP (spec §4; GoAway, Batch, RpcCancel and RpcStreamCredit are HBTP/1.1, §11 and §12),
 * with the number of fixed body bytes each one requires and whether it may carry a metadata block.
 *
 * <p>{@link #of(int)} maps the wire byte to its opcode with one array access and returns
 * {@code null} for a byte that names no opcode (an <em>unknown</em> opcode, which §4 says the
 * receiver answers with {@code UNKNOWN_OPCODE} or drops, but never closes the connection for).
 */
public enum HbtpOpcode {
    /** Either direction; at most 125 opaque bytes. */
    PING(0x00, 0),
    /** Either direction; the Ping's body, same sequence. */
    PONG(0x01, 0),
    /** Either direction; optional code u16 ‖ UTF-8 reason; FINAL set. */
    CLOSE(0x02, 0),
    /** Either direction; code u16 ‖ UTF-8 reason: the sender starts draining (§11.4). */
    GO_AWAY(0x03, 2),
    /** Either direction; complete frames laid end to end (§12). */
    BATCH(0x04, 0),
    /** Server to client; a full state snapshot. */
    STATE_SYNC(0x10, 0),
    /** Server to client; a state delta. */
    STATE_DELTA(0x11, 0),
    /** Client to server; topic u16 ‖ application bytes. */
    STATE_SUBSCRIBE(0x12, 2),
    /** Client to server; topic u16. */
    STATE_UNSUBSCRIBE(0x13, 2),
    /** Server to client; a template instantiation. */
    HTIP_CLONE(0x20, 0),
    /** Server to client; node id u32 ‖ UTF-8 text. */
    HTIP_PATCH_TEXT(0x21, 4),
    /** Server to client; node id u32 ‖ name length u16 ‖ name ‖ value. */
    HTIP_PATCH_ATTR(0x22, 6),
    /** Server to client; node id u32. */
    HTIP_REMOVE(0x23, 4),
    /** Server to client; a sequence of complete HBTP frames. */
    HTIP_BATCH(0x24, 0),
    /** Client to server; route u16 ‖ arguments. */
    RPC_CALL(0x30, 2, true),
    /** Server to client; result bytes. */
    RPC_RESPONSE(0x31, 0, true),
    /** Server to client; code u16 ‖ UTF-8 message. */
    RPC_ERROR(0x32, 2, true),
    /** Either direction; route u16 ‖ arguments. */
    RPC_STREAM_START(0x33, 2, true),
    /** Either direction; data. */
    RPC_STREAM_CHUNK(0x34, 0),
    /** Either direction; optional data; FINAL set. */
    RPC_STREAM_END(0x35, 0, true),
    /** Either direction; empty: the sequence names a call or stream the sender started (§11.2). */
    RPC_CANCEL(0x36, 0),
    /** Either direction, from a stream's starter; credits u32 (§11.3). */
    RPC_STREAM_CREDIT(0x37, 4),
    /** Client to server; an application event. */
    CLIENT_EVENT(0x40, 0),
    /** Server to client; an application event. */
    SERVER_EVENT(0x41, 0),
    /** Either direction; opaque bytes. */
    BINARY_BLOB(0x50, 0),
    /** Either direction; file id u32 ‖ offset u64 ‖ data; FINAL on the last chunk. */
    FILE_CHUNK(0x51, 12),
    /** Client to server; a Noise handshake message written by the client (§6). */
    AUTH_CHALLENGE(0x60, 0),
    /** Server to client; a Noise handshake message written by the server (§6). */
    AUTH_RESPONSE(0x61, 0),
    /** Server to client; empty, ENCRYPTED: proves the session keys. */
    AUTH_SUCCESS(0x62, 0),
    /** Server to client; code u16 ‖ UTF-8 reason; then the server closes. */
    AUTH_FAILURE(0x63, 2),
    /** Either direction; extended opcode u16 ‖ body. */
    EXTENDED(0xFF, 2);

    /** The largest Ping body, in bytes (§4). */
    public static final int MAX_PING_BODY = 125;

    private static final HbtpOpcode[] BY_CODE = new HbtpOpcode[256];

    static {
        for (HbtpOpcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;
    private final int fixedBodyLength;
    private final byte codeByte;
    private final boolean allowsMetadata;

    HbtpOpcode(int code, int fixedBodyLength) {
        this(code, fixedBodyLength, false);
    }

    HbtpOpcode(int code, int fixedBodyLength, boolean allowsMetadata) {
        this.code = code;
        this.codeByte = (byte) code;
        this.fixedBodyLength = fixedBodyLength;
        this.allowsMetadata = allowsMetadata;
    }

    /**
     * Whether a frame of this opcode may carry {@link HbtpFlags#HAS_METADATA} (§11.1): RpcCall,
     * RpcResponse, RpcError, RpcStreamStart and RpcStreamEnd. On any other opcode the flag is
     * {@code BAD_FRAME}.
     */
    public boolean allowsMetadata() {
        return allowsMetadata;
    }

    /** The wire value, 0-255. */
    public int code() {
        return code;
    }

    /** The wire value as a byte. */
    public byte codeByte() {
        return codeByte;
    }

    /**
     * The number of bytes the plaintext body must at least hold for this opcode's fixed fields (after the
     * metadata block, when there is one).
     */
    public int fixedBodyLength() {
        return fixedBodyLength;
    }

    /**
     * Returns the opcode whose wire value is {@code code & 0xFF}, or {@code null} when that byte is not
     * an opcode of §4. One array access, no branch on the value.
     */
    public static HbtpOpcode of(int code) {
        return BY_CODE[code & 0xFF];
    }

    /** Returns whether {@code code & 0xFF} is an opcode of §4. */
    public static boolean isKnown(int code) {
        return BY_CODE[code & 0xFF] != null;
    }
}
