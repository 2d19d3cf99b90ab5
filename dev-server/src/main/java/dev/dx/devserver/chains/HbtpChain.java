package dev.dx.devserver.chains;

import dev.dx.cim.CimChain;
import dev.dx.cim.Exchange;
import dev.dx.cim.MiddlewareChain;
import dev.dx.cim.builtin.RateLimitMiddleware;
import dev.dx.cim.builtin.TimingMiddleware;

/** HBTP calls and streams from the pages: timing (as {@code x-response-time} metadata) and the rate limit. */
@MiddlewareChain({TimingMiddleware.class, RateLimitMiddleware.class})
public interface HbtpChain extends CimChain<Exchange> {
}
