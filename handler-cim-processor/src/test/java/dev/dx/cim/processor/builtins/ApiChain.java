package dev.dx.cim.processor.builtins;

import dev.dx.cim.CimChain;
import dev.dx.cim.CorsOrigins;
import dev.dx.cim.MiddlewareChain;
import dev.dx.cim.builtin.CorsMiddleware;
import dev.dx.cim.builtin.RateLimitMiddleware;
import dev.dx.cim.builtin.TimingMiddleware;
import dev.dx.cim.http.HttpExchange;
import dev.dx.cim.jwt.JwtAuthMiddleware;

/** Every built-in in one generated chain, as the module README declares it. */
@MiddlewareChain({TimingMiddleware.class, CorsMiddleware.class, JwtAuthMiddleware.class, RateLimitMiddleware.class})
@CorsOrigins(value = {"https://app.example.com", "https://admin.example.com"}, methods = {"GET", "POST"},
        maxAgeSeconds = 300)
public interface ApiChain extends CimChain<HttpExchange> {
}
