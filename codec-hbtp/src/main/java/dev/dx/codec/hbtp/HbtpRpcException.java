package dev.dx.codec.hbtp;

/**
 * A call's failure with its u16 code (§9 or application-defined) and message.
 *
 * <p>On the client it completes a call that the server answered with RpcError, that timed out
 * ({@link HbtpErrorCode#TIMEOUT}), that the server refused after GoAway or ended with Close (the peer's
 * code and reason), or whose connection was lost ({@link #CONNECTION_CLOSED}, with the I/O exception as
 * its cause).
 *
 * <p>On the server a route handler throws it to answer with its code, message and metadata; any other
 * exception a handler throws is logged and answered {@code HANDLER_FAILED} with a generic message.
 */
public class HbtpRpcException extends RuntimeException {

    /** The code of a call whose connection closed without an HBTP Close or GoAway naming a reason. */
    public static final int CONNECTION_CLOSED = 0;

    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient HbtpMetadata metadata;

    /** Creates an exception carrying the u16 RpcError code and the server's message. */
    public HbtpRpcException(int code, String message) {
        this(code, message, HbtpMetadata.EMPTY, null);
    }

    /** Creates an exception with a §9 code. */
    public HbtpRpcException(HbtpErrorCode code, String message) {
        this(code.code(), message);
    }

    /** Creates an exception with a code, message, the RpcError's metadata and a cause (both may be null). */
    public HbtpRpcException(int code, String message, HbtpMetadata metadata, Throwable cause) {
        super(message, cause);
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code : " + code + " (expected: 0-65535)");
        }
        this.code = code;
        this.metadata = metadata == null ? HbtpMetadata.EMPTY : metadata;
    }

    /** The metadata of the RpcError (§11.1), {@link HbtpMetadata#EMPTY} when none. */
    public HbtpMetadata metadata() {
        return metadata;
    }

    /** The message as sent, without the code's name in front. */
    public String rawMessage() {
        String m = super.getMessage();
        return m == null ? "" : m;
    }

    /** The u16 code of the RpcError (§9 or application-defined). */
    public int code() {
        return code;
    }

    /** The §9 code, or {@code null} for an application-defined code. */
    public HbtpErrorCode errorCode() {
        return HbtpErrorCode.of(code);
    }

    @Override
    public String getMessage() {
        HbtpErrorCode known = errorCode();
        String name = known != null ? known.name() : code == CONNECTION_CLOSED ? "CONNECTION_CLOSED" : "code " + code;
        return name + ": " + super.getMessage();
    }
}
