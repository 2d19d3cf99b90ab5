package dev.dx.cim.builtin;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/** Stand-in for the real CorsMiddleware (written in another module): keeps the policy it was given. */
public final class CorsMiddleware implements Middleware<Exchange> {

    private final CorsPolicy policy;

    public CorsMiddleware(CorsPolicy policy) {
        this.policy = policy;
    }

    public CorsPolicy policy() {
        return policy;
    }

    @Override
    public boolean before(Exchange exchange) {
        return CONTINUE;
    }
}
