package dev.dx.devserver.chains;

import dev.dx.cim.CimChain;
import dev.dx.cim.CorsOrigins;
import dev.dx.cim.MiddlewareChain;
import dev.dx.cim.builtin.CorsMiddleware;
import dev.dx.cim.builtin.RateLimitMiddleware;
import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.cim.http.HttpExchange;
import dev.dx.cim.jwt.JwtAuthMiddleware;

/**
 * Requests under {@code /api}: the site chain's timing, CORS and rate limit, with a JWT required between
 * CORS and the rate limit (so a 401 still carries the CORS headers, and a preflight needs no token).
 */
@MiddlewareChain({TimingMiddleware.class, CorsMiddleware.class, JwtAuthMiddleware.class, RateLimitMiddleware.class})
@CorsOrigins(value = {DevOrigins.LOCALHOST_3000, DevOrigins.LOCALHOST_5173, DevOrigins.LOCALHOST_8080},
        methods = {"GET", "HEAD", "POST"})
public interface ApiChain extends CimChain<HttpExchange> {
}
