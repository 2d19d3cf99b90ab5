package test;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Package-private constructors only: the chain in this package may call them. */
final class Limit implements Middleware<Exchange> {

    private final int max;

    Limit(int max) {
        this.max = max;
    }

    @Override
    public boolean before(Exchange exchange) {
        return max > 0;
    }
}
