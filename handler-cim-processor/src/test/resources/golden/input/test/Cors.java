package test;

import dev.dx.cim.CorsOrigins;
import dev.dx.cim.MiddlewareChain;
import dev.dx.cim.builtin.CorsMiddleware;

@MiddlewareChain({CorsMiddleware.class, Timing.class})
@CorsOrigins(value = {"https://app.example.com", "https://admin.example.com"}, methods = {"GET", "POST"},
        maxAgeSeconds = 3600, credentials = true)
public interface Cors {
}
