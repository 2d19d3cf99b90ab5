package dev.dx.cim.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpRouteHandler;
import dev.dx.codec.hbtp.HbtpRouteInterceptor;

/**
 * Puts a middleware chain in front of HBTP routes: as the route table's interceptor, for every route
 * or for chosen ones, or around one handler. Calls, server streams and uploads pass through the same
 * chain; the handler gets the original exchange.
 *
 * <pre>{@code
 * ApiChain chain = new ApiChain_Cim(jwtAuth, rateLimit);
 * HbtpRouteTable routes = HbtpRouteTable.builder()
 *         .intercept(CimHbtp.interceptor(chain))            // every route
 *         .route(1, this::getUser)
 *         .stream(2, this::watchUsers)
 *         .build();
 * }</pre>
 *
 * <p>An {@link HbtpRpcException} thrown by the handler answers with its code, as without a chain; any
 * other exception answers HANDLER_FAILED.
 */
public final class CimHbtp {

    private CimHbtp() {
    }

    /** An interceptor that runs {@code chain} around every route of the table. */
    public static HbtpRouteInterceptor interceptor(CimChain<? super HbtpCimExchange> chain) {
        checkNotNull(chain, "chain");
        return (exchange, next) -> run(chain, exchange, next);
    }

    /** An interceptor that runs {@code chain} around {@code routes} only (0-65535); other routes pass. */
    public static HbtpRouteInterceptor interceptor(CimChain<? super HbtpCimExchange> chain, int... routes) {
        checkNotNull(chain, "chain");
        boolean[] chosen = new boolean[0x10000];
        for (int route : routes) {
            chosen[checkInRange(route, 0, 0xFFFF, "route")] = true;
        }
        return (exchange, next) -> {
            if (chosen[exchange.route()]) {
                run(chain, exchange, next);
            } else {
                next.handle(exchange);
            }
        };
    }

    /** {@code handler} with {@code chain} in front, for {@code HbtpRouteTable.Builder.route}. */
    public static HbtpRouteHandler wrap(CimChain<? super HbtpCimExchange> chain, HbtpRouteHandler handler) {
        checkNotNull(chain, "chain");
        checkNotNull(handler, "handler");
        return exchange -> run(chain, exchange, handler);
    }

    /** The chain's end: the route's own handler, on the exchange the view holds. */
    private static final CimHandler<Exchange> NEXT = x -> ((HbtpCimExchange) x).handleNext();

    private static <X extends Exchange> void run(CimChain<X> chain, HbtpExchange exchange, HbtpRouteHandler next) {
        HbtpCimExchange view = new HbtpCimExchange(exchange, next);
        exchange.onAnswer(view::beforeAnswer);
        @SuppressWarnings("unchecked") // X is a supertype of HbtpCimExchange, by the public methods' bounds
        X x = (X) view;
        chain.handle(x, NEXT);
    }
}
