package test;

import dev.dx.cim.Middleware;

/** A base class that fixes the exchange type for its subclasses. */
public abstract class HttpMiddleware implements Middleware<HttpExchange> {
}
