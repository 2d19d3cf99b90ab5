package dev.dx.cim.processor.chains;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Recording middleware 9 (see {@link Script}). */
public final class Rec9 implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        return Script.before(9, exchange);
    }

    @Override
    public void after(Exchange exchange) throws Exception {
        Script.after(9, exchange);
    }
}
