package dev.dx.cim.processor.chains;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Recording middleware 7 (see {@link Script}). */
public final class Rec7 implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        return Script.before(7, exchange);
    }

    @Override
    public void after(Exchange exchange) throws Exception {
        Script.after(7, exchange);
    }
}
