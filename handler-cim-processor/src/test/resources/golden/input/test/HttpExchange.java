package test;

import dev.dx.cim.Exchange;

/** Stand-in for the HTTP exchange (written in another module). */
public interface HttpExchange extends Exchange {
}
