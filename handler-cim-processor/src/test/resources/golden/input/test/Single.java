package test;

import dev.dx.cim.MiddlewareChain;

@MiddlewareChain(Timing.class)
public interface Single {
}
