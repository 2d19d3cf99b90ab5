package dev.dx.cim;

import dev.dx.codec.hbtp.HbtpErrorCode;

/**
 * Why a middleware answered a request itself, with the answer each protocol gives: an HTTP status, or
 * an HBTP RpcError code (spec §9). RpcError answers only the call, even with a code that is fatal in a
 * Close.
 */
public enum Rejection {
    /** 400: the request is malformed. Over HBTP: HANDLER_FAILED. */
    BAD_REQUEST(400, HbtpErrorCode.HANDLER_FAILED),
    /** 401: no credentials, or they did not verify. Over HBTP: UNAUTHORIZED. */
    UNAUTHORIZED(401, HbtpErrorCode.UNAUTHORIZED),
    /** 403: credentials verified but not allowed. Over HBTP: UNAUTHORIZED. */
    FORBIDDEN(403, HbtpErrorCode.UNAUTHORIZED),
    /** 404: nothing serves this path or route. Over HBTP: ROUTE_NOT_FOUND. */
    NOT_FOUND(404, HbtpErrorCode.ROUTE_NOT_FOUND),
    /** 429: over a rate limit. Over HBTP: RATE_LIMITED. */
    RATE_LIMITED(429, HbtpErrorCode.RATE_LIMITED),
    /** 500: a hook or the handler failed. Over HBTP: HANDLER_FAILED. */
    HANDLER_FAILED(500, HbtpErrorCode.HANDLER_FAILED),
    /** 503: the server is shutting down. Over HBTP: SHUTTING_DOWN. */
    UNAVAILABLE(503, HbtpErrorCode.SHUTTING_DOWN),
    /** 504: the deadline passed. Over HBTP: TIMEOUT. */
    TIMEOUT(504, HbtpErrorCode.TIMEOUT);

    private final int httpStatus;
    private final HbtpErrorCode hbtpCode;

    Rejection(int httpStatus, HbtpErrorCode hbtpCode) {
        this.httpStatus = httpStatus;
        this.hbtpCode = hbtpCode;
    }

    /** The HTTP status code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The HBTP RpcError code. */
    public HbtpErrorCode hbtpCode() {
        return hbtpCode;
    }
}
