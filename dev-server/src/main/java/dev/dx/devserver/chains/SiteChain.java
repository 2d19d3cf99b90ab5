package dev.dx.devserver.chains;

import dev.dx.cim.CimChain;
import dev.dx.cim.CorsOrigins;
import dev.dx.cim.MiddlewareChain;
import dev.dx.cim.builtin.CorsMiddleware;
import dev.dx.cim.builtin.RateLimitMiddleware;
import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.cim.http.HttpExchange;

/**
 * Every HTTP request outside {@code /api}: timing ({@code X-Response-Time}), CORS for the usual local
 * front-end dev servers, and a per-client rate limit.
 */
@MiddlewareChain({TimingMiddleware.class, CorsMiddleware.class, RateLimitMiddleware.class})
@CorsOrigins(value = {DevOrigins.LOCALHOST_3000, DevOrigins.LOCALHOST_5173, DevOrigins.LOCALHOST_8080},
        methods = {"GET", "HEAD", "POST"})
public interface SiteChain extends CimChain<HttpExchange> {
}
