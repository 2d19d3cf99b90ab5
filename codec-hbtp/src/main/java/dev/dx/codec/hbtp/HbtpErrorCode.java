package dev.dx.codec.hbtp;

/**
 * The error codes of HBTP (spec §9). A fatal error makes the receiver send Close with the code and
 * close the connection; a non-fatal one is answered with an RpcError carrying the request's sequence.
 * Codes from {@link #FIRST_APPLICATION_CODE} up are the application's and never fatal.
 */
public enum HbtpErrorCode {
    /** Malformed frame: reserved bits, bad flag combination, body shorter than its fixed fields. */
    BAD_FRAME(1, true),
    /** Length above the receiver's maximum frame length. */
    TOO_LARGE(2, true),
    /** An opcode not in §4, sent with EXPECTS_RESPONSE. */
    UNKNOWN_OPCODE(3, false),
    /** No handler for the RpcCall's route id. */
    ROUTE_NOT_FOUND(4, false),
    /** Fatal during or after a failed handshake; non-fatal when one route refuses a call. */
    UNAUTHORIZED(5, true),
    /** The call was refused by a rate limit. */
    RATE_LIMITED(6, false),
    /** A zstd body without content size, above the maximum, or corrupt. */
    DECOMPRESSION_FAILED(7, true),
    /** An AEAD tag did not verify. */
    DECRYPTION_FAILED(8, true),
    /** The CRC32C trailer did not match. */
    CHECKSUM_MISMATCH(9, true),
    /** The route handler failed. */
    HANDLER_FAILED(10, false),
    /** No answer in time. */
    TIMEOUT(11, false),
    /**
     * The peer is shutting down: fatal in a Close; in an RpcError after GoAway (§11.4) it answers one call
     * that arrived too late, or that the grace period cut short.
     */
    SHUTTING_DOWN(12, true),
    /** The call or stream was cancelled by its caller (§11.2). */
    CANCELLED(13, false),
    /** A limit of the receiver was reached: metadata too large, too many calls in flight (§11.1). */
    RESOURCE_EXHAUSTED(14, false);

    /** The first application-defined code. */
    public static final int FIRST_APPLICATION_CODE = 1000;

    private static final HbtpErrorCode[] BY_CODE = new HbtpErrorCode[15];

    static {
        for (HbtpErrorCode c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final boolean fatal;

    HbtpErrorCode(int code, boolean fatal) {
        this.code = code;
        this.fatal = fatal;
    }

    /** The u16 wire value. */
    public int code() {
        return code;
    }

    /**
     * Whether receiving or detecting this error ends the connection. {@link #UNAUTHORIZED} is fatal for
     * the handshake; a route that refuses a single call answers it with an RpcError instead.
     */
    public boolean isFatal() {
        return fatal;
    }

    /** Returns the code with wire value {@code code}, or {@code null} for an unknown or application code. */
    public static HbtpErrorCode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
