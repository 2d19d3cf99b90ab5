package com.example.greeting;

import dev.dx.cim.MiddlewareChain;
import dev.dx.cim.builtin.TimingMiddleware;

/** The greeting route's middleware, fused by the CIM processor into {@code GreetingChain_Cim}. */
@MiddlewareChain({TimingMiddleware.class, CallerCheck.class})
public interface GreetingChain {
}
