package com.example.greeting;

import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;
import dev.dx.cim.Rejection;

/** Refuses calls without an {@code x-caller} header (HBTP metadata). */
public final class CallerCheck implements Middleware<Exchange> {

    @Override
    public boolean before(Exchange exchange) {
        if (exchange.header("x-caller") != null) {
            return CONTINUE;
        }
        exchange.reject(Rejection.UNAUTHORIZED, "who is calling?");
        return STOP;
    }
}
