package test;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Any exchange, created by the chain. */
public final class Timing implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        return CONTINUE;
    }

    @Override
    public void after(Exchange exchange) {
        exchange.answerHeader("x-timing", "1");
    }
}
