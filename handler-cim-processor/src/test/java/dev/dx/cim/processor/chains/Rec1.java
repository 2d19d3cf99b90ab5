package dev.dx.cim.processor.chains;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Recording middleware 1 (see {@link Script}). */
public final class Rec1 implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        return Script.before(1, exchange);
    }

    @Override
    public void after(Exchange exchange) throws Exception {
        Script.after(1, exchange);
    }
}
