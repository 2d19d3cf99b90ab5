package dev.dx.codec.hbtp;

import io.netty.handler.codec.DecoderException;

/**
 * A protocol error with its §9 code. The codec raises it when the peer breaks the spec; the codec
 * itself answers a fatal one with Close and closes the connection.
 */
public class HbtpException extends DecoderException {

    private static final long serialVersionUID = 1L;

    private final HbtpErrorCode errorCode;

    /** Creates an exception with the given §9 code and message. */
    public HbtpException(HbtpErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** Creates an exception with the given §9 code, message and cause. */
    public HbtpException(HbtpErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The §9 error code. */
    public HbtpErrorCode errorCode() {
        return errorCode;
    }

    /** Whether the error ends the connection. */
    public boolean isFatal() {
        return errorCode.isFatal();
    }

    @Override
    public String getMessage() {
        return errorCode + ": " + super.getMessage();
    }
}
