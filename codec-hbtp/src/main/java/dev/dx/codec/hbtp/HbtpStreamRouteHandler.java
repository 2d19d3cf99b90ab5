package dev.dx.codec.hbtp;

/**
 * Answers the RpcStreamStarts of one stream route (spec §7, §11.3): sends chunks through the
 * {@link HbtpServerStream} and ends it exactly once, now or later and from any thread. A handler that
 * throws before ending is answered like a call's handler: {@code HANDLER_FAILED}, or the code of an
 * {@link HbtpRpcException}.
 */
@FunctionalInterface
public interface HbtpStreamRouteHandler {

    /** Handles one stream. */
    void handle(HbtpServerStream stream) throws Exception;
}
