package dev.dx.cim.processor.chains;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Recording middleware 10 (see {@link Script}). */
public final class Rec10 implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        return Script.before(10, exchange);
    }

    @Override
    public void after(Exchange exchange) throws Exception {
        Script.after(10, exchange);
    }
}
