package dev.dx.codec.hbtp;

/**
 * Answers the RpcCalls of one route (spec §7). The handler completes the exchange exactly once, now or
 * later and from any thread, with {@link HbtpExchange#respond} or {@link HbtpExchange#fail}. A handler
 * that throws before completing is answered with {@code HANDLER_FAILED}.
 */
@FunctionalInterface
public interface HbtpRouteHandler {

    /** Handles one call. */
    void handle(HbtpExchange exchange) throws Exception;
}
