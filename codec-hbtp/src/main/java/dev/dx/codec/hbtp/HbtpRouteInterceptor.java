package dev.dx.codec.hbtp;

/**
 * Middleware around route handlers: runs before the handler, may short-circuit by completing the
 * exchange itself (for example {@code exchange.fail(HbtpErrorCode.RATE_LIMITED, "slow down")} or
 * {@code UNAUTHORIZED}, both non-fatal RpcErrors), and observes the outcome with
 * {@link HbtpExchange#onComplete}.
 *
 * <p>Interceptors are applied once, when the {@link HbtpRouteTable} is built, so a call runs a fixed
 * chain of plain method calls. A compile-time middleware layer can produce the same shape: one
 * generated {@link HbtpRouteHandler} per route that calls the middlewares in straight lines.
 */
@FunctionalInterface
public interface HbtpRouteInterceptor {

    /** Handles {@code exchange}, calling {@code next.handle(exchange)} to continue the chain. */
    void intercept(HbtpExchange exchange, HbtpRouteHandler next) throws Exception;

    /** Returns a handler that runs this interceptor in front of {@code handler}. */
    default HbtpRouteHandler wrap(HbtpRouteHandler handler) {
        return exchange -> intercept(exchange, handler);
    }
}
