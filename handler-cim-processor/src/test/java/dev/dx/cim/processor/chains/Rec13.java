package dev.dx.cim.processor.chains;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Recording middleware 13 (see {@link Script}). */
public final class Rec13 implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        return Script.before(13, exchange);
    }

    @Override
    public void after(Exchange exchange) throws Exception {
        Script.after(13, exchange);
    }
}
