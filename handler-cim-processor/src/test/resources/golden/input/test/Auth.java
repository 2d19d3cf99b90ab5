package test;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;

/** Any exchange, given to the chain's constructor. */
public final class Auth implements Middleware<Exchange> {

    private final String token;

    public Auth(String token) {
        this.token = token;
    }

    @Override
    public boolean before(Exchange exchange) {
        if (!token.equals(exchange.header("authorization"))) {
            exchange.reject(Rejection.UNAUTHORIZED, "who are you?");
            return STOP;
        }
        return CONTINUE;
    }
}
