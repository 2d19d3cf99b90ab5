package dev.dx.codec.hbtp;

/**
 * The client's handle on a server stream it started (spec §11.3): it grants the server credit for more
 * chunks and can cancel. Methods may be called from any thread, also from the observer's callbacks.
 */
public interface HbtpClientStream {

    /**
     * Grants the server {@code n} more chunks (sends RpcStreamCredit, §11.3), {@code n} ≥ 1. A stream
     * opened without credits ({@code initialCredit} &lt; 0) ignores it. Grants that would take the credit
     * the server holds past 2^32-1 are cut down to fit.
     */
    void request(long n);

    /** Cancels the stream (sends RpcCancel, §11.2); the observer gets {@code CANCELLED} once, unless it already ended. */
    void cancel();

    /** Whether the observer has had its last callback. */
    boolean isDone();
}
