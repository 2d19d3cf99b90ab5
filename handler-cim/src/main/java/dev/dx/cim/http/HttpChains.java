package dev.dx.cim.http;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;

/**
 * Puts a chain in front of a handler. A chain typed on {@code Exchange} calls a
 * {@code CimHandler<? super Exchange>}; the handler it runs here gets the same exchange, which is always
 * an {@link HttpExchange}, so the cast between the two is safe.
 */
final class HttpChains {

    private HttpChains() {
    }

    /** {@code handler} seen as a handler of exchanges. */
    @SuppressWarnings("unchecked")
    static CimHandler<HttpExchange> handler(CimHandler<? super HttpExchange> handler) {
        return (CimHandler<HttpExchange>) handler;
    }

    /** A handler that runs {@code chain} with {@code handler} at its end. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static CimHandler<HttpExchange> around(CimChain<? super HttpExchange> chain, CimHandler<? super HttpExchange> handler) {
        CimChain<Exchange> c = (CimChain) chain;
        CimHandler<Exchange> h = (CimHandler) handler;
        return x -> c.handle(x, h);
    }
}
