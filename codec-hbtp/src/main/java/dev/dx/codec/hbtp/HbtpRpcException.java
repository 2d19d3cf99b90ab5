package dev.dx.codec.hbtp;

/**
 * Completes a client call that the server answered with RpcError, or that timed out
 * ({@link HbtpErrorCode#TIMEOUT}) or lost its connection.
 */
public class HbtpRpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /** Creates an exception carrying the u16 RpcError code and the server's message. */
    public HbtpRpcException(int code, String message) {
        super(message);
        this.code = code;
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
        return (known != null ? known.name() : "code " + code) + ": " + super.getMessage();
    }
}
